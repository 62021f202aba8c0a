/// HTTP fault toxics of TCP proxies, checked and normalised with FaultlineHTTPFaults before anything stores them.
import FaultlineCore
import FaultlineHTTPFaults

extension Server {
    /// A TCP proxy's toxic as stored: an `http_*` toxic with its attributes checked (a 400 naming the field) and
    /// written with every key in the documented order; any other type as it is.
    static func normaliseTCPToxic(_ toxic: ToxicSpec) throws(FaultlineError) -> ToxicSpec {
        if case .tls = toxic.kind { return try normaliseTLSToxic(toxic) }
        guard case .http = toxic.kind else { return toxic }
        return try HTTPFaultSpec.normalise(toxic)
    }

    /// A TCP proxy spec with its `http_*` toxics normalised (create, populate, config file).
    static func normaliseTCPToxics(_ spec: ProxySpec) throws(FaultlineError) -> ProxySpec {
        guard spec.kind == .tcp, spec.toxics.contains(where: { !$0.kind.actsOnStream }) else {
            return spec
        }
        var normalised = spec
        normalised.toxics = try spec.toxics.map { toxic throws(FaultlineError) in try normaliseTCPToxic(toxic) }
        return normalised
    }
}
