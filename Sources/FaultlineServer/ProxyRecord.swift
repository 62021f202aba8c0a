/// A proxy as the table on the first loop knows it: settings, state and toxics; its shards do the work.
import FaultlineCore
import FaultlinePosix

final class ProxyRecord {
    let name: String
    /// The listen text; replaced by the bound address once started, as Toxiproxy reports it.
    var listen: String
    var upstream: String
    var enabled = false
    /// Toxics in insertion order (both streams); `orderedToxics` gives the wire order.
    var toxics: [ToxicSpec] = []
    /// The last address bound; re-enabling reuses it so that a port-0 proxy keeps its port.
    var lastBound: SocketAddress?
    /// The `nxdomain` toxics' negative-cache state, shared by every loop's shard of this proxy.
    let gate = SharedGate()

    init(spec: ProxySpec) {
        name = spec.name
        listen = spec.listen
        upstream = spec.upstream
        toxics = spec.toxics
    }

    var orderedToxics: [ToxicSpec] {
        toxics.filter { $0.stream == .upstream } + toxics.filter { $0.stream == .downstream }
    }

    func snapshot() -> ProxySnapshot {
        ProxySnapshot(name: name, listen: listen, upstream: upstream, enabled: enabled, toxics: orderedToxics)
    }
}
