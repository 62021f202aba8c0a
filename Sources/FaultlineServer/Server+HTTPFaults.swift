/// TCP proxies' toxics as stored: `http_*` and `tls_*` ones checked and normalised, proxy-wide bandwidths given
/// their allocator.
import FaultlineCore
import FaultlineHTTPFaults

extension Server {
    /// A TCP proxy's toxic as stored: an `http_*` or `tls_*` toxic with its attributes checked (a 400 naming the
    /// field) and written with every key in the documented order; a proxy-wide `bandwidth` with the allocator every loop's
    /// connections share (kept across updates, with the new rate); any other type as it is.
    static func normaliseTCPToxic(_ toxic: ToxicSpec) throws(FaultlineError) -> ToxicSpec {
        if case .tls = toxic.kind { return try normaliseTLSToxic(toxic) }
        if case .bandwidth(let attributes) = toxic.kind {
            var shared = toxic
            if !attributes.isProxyWide {
                shared.sharedRate = nil
            } else if let allocator = toxic.sharedRate?.allocator as? SharedRateAllocator {
                allocator.setRate(attributes.rate)
            } else {
                shared.sharedRate = SharedRate(SharedRateAllocator(rate: attributes.rate))
            }
            return shared
        }
        guard case .http = toxic.kind else { return toxic }
        return try HTTPFaultSpec.normalise(toxic)
    }

    /// A TCP proxy spec with its `http_*` toxics normalised and its proxy-wide bandwidths given their allocators
    /// (create, populate, config file).
    static func normaliseTCPToxics(_ spec: ProxySpec) throws(FaultlineError) -> ProxySpec {
        guard spec.kind == .tcp else { return spec }
        var normalised = spec
        normalised.toxics = try spec.toxics.map { toxic throws(FaultlineError) in try normaliseTCPToxic(toxic) }
        return normalised
    }
}
