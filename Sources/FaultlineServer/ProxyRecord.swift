/// A proxy as the table on the control loop knows it: settings, state and toxics; its shards do the work.
import FaultlineCore
import FaultlineDNS
import FaultlinePosix

final class ProxyRecord {
    let name: String
    /// `tcp` proxies run as shards on every data loop; `dns` proxies as one `DNSListener` on the control loop; `udp`
    /// proxies on one data loop (`udpLoop`).
    let kind: ProxyKind
    /// The listen text; replaced by the bound address once started, as Toxiproxy reports it.
    var listen: String
    var upstream: String
    var enabled = false
    /// Toxics in insertion order (both streams); `orderedToxics` gives the wire order. A DNS proxy's toxics are
    /// `.dns` kinds with normalised attributes.
    var toxics: [ToxicSpec] = []
    /// The last address bound; re-enabling reuses it so that a port-0 proxy keeps its port.
    var lastBound: SocketAddress?
    /// The listening socket while enabled (the data loops poll duplicates of it): holding it here keeps the port
    /// this proxy's for as long as it runs.
    var listener: TCPSocket?
    /// The `nxdomain` toxics' negative-cache state, shared by every loop's shard of this proxy.
    let gate = SharedGate()
    /// A DNS proxy's validated `dns` block.
    var dnsSpec: DNSSpec?
    /// A DNS proxy's running listener (nil while disabled).
    var dnsListener: DNSListener?
    /// A UDP proxy's validated `udp` block.
    var udpSettings: UDPProxySettings?
    /// A UDP proxy's bound socket while enabled (its data loop reads a duplicate): the port stays this proxy's.
    var udpListener: UDPSocket?
    /// The data loop a UDP proxy runs on, chosen when it first starts and kept (its counters live there).
    var udpLoop: Int?
    /// The config-file entry this proxy was last made from, exactly as written: a reload leaves the proxy alone
    /// while its entry stays the same (its port-0 port, connections and API-added toxics included).
    var fileEntry: ProxySpec?
    /// A TCP proxy's TLS, built from its `tls` block (nil without one); its data loops share it.
    var tls: ProxyTLS?
    /// The control-loop timers that remove toxics whose `ttl` runs out, by toxic name.
    var expiryTimers: [String: TimerID] = [:]

    /// A TCP proxy, or a DNS proxy whose block and toxics `DNSProxyConfig.prepare` has already validated.
    init(spec: ProxySpec, dnsSpec: DNSSpec? = nil, udpSettings: UDPProxySettings? = nil) {
        name = spec.name
        kind = spec.kind
        listen = spec.listen
        upstream = spec.upstream
        toxics = spec.toxics
        self.dnsSpec = dnsSpec
        self.udpSettings = udpSettings
    }

    var orderedToxics: [ToxicSpec] {
        toxics.filter { $0.stream == .upstream } + toxics.filter { $0.stream == .downstream }
    }

    /// The proxy as the API shows it at `now` (a toxic's `ttl` shows what remains).
    func snapshot(at now: Instant) -> ProxySnapshot {
        ProxySnapshot(
            name: name, listen: listen, upstream: upstream, enabled: enabled,
            toxics: orderedToxics.map { $0.echoing(at: now) }, kind: kind,
            dns: dnsSpec?.json(hasUpstream: !upstream.isEmpty), udp: udpSettings?.json, tls: tls?.settings.json)
    }
}
