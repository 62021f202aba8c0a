/// A DNS proxy's settings checked and compiled for its listener: the responder, the upstream address, the timeout.
import FaultlineCore
import FaultlineDNS
import FaultlinePosix

/// Everything a `DNSListener` needs, rebuilt whenever the block, the upstream or a toxic changes.
struct DNSProxyConfig {
    /// Wire checks, records, fallback and toxics in one value.
    var responder: DNSResponder
    /// The resolver unknown names are relayed to; nil for a static-only listener.
    var upstream: SocketAddress?
    /// How long to wait for the upstream before answering SERVFAIL.
    var upstreamTimeout: Duration

    /// Compiles the parts; every error is a 400 naming the field (`dns.records[2].value`, `upstream`, …).
    init(spec: DNSSpec, upstream: String, toxics: [ToxicSpec]) throws(FaultlineError) {
        let address = try Self.upstreamAddress(upstream)
        var dnsToxics: [DNSToxicSpec] = []
        for toxic in toxics { dnsToxics.append(try DNSToxicSpec(toxic)) }
        responder = try DNSResponder(spec: spec, hasUpstream: address != nil, toxics: dnsToxics)
        self.upstream = address
        upstreamTimeout = spec.upstreamTimeoutDuration
    }

    /// A DNS proxy's block decoded and its toxics normalised, all checked together, before anything is created.
    static func prepare(_ spec: ProxySpec) throws(FaultlineError) -> (dns: DNSSpec, toxics: [ToxicSpec]) {
        let dns = try DNSSpec(json: spec.dns)
        let toxics = try spec.toxics.map { toxic throws(FaultlineError) in try normalise(toxic) }
        _ = try DNSProxyConfig(spec: dns, upstream: spec.upstream, toxics: toxics)
        return (dns, toxics)
    }

    /// The toxic with its attributes checked and rewritten with every key, in the documented order.
    static func normalise(_ toxic: ToxicSpec) throws(FaultlineError) -> ToxicSpec {
        let dnsToxic = try DNSToxicSpec(toxic)
        _ = try DNSFault(dnsToxic)
        var normalised = toxic
        normalised.kind = .dns(type: dnsToxic.kind.typeName, attributes: dnsToxic.kind.attributesJSON)
        return normalised
    }

    /// `""` (static records only) or a numeric `IP:port`: a forwarder that needed DNS to find its own
    /// resolver would be a configuration loop.
    static func upstreamAddress(_ text: String) throws(FaultlineError) -> SocketAddress? {
        guard !text.isEmpty else { return nil }
        let reason = "must be an IP:port literal (or empty for static records only)"
        guard let parsed = try? HostPort.parse(text), parsed.port != 0,
            let address = SocketAddress(numericHost: parsed.host, port: parsed.port)
        else { throw .invalidValue(field: "upstream", reason: reason) }
        return address
    }
}
