/// What one exchange engine counted: the figures behind the `faultline_http_*` metrics, added up by the server.

/// Counts since the engine was made (or since the last `HTTPExchange.takeCounters()`); `merge` adds another
/// engine's counts, so a proxy's totals are the sum over its connections and loops.
public struct HTTPFaultCounters: Equatable, Sendable {
    /// One fault type acting for one toxic: the labels of `faultline_http_faults_total`.
    public struct FaultKey: Hashable, Sendable {
        /// The toxic's name.
        public var toxic: String
        /// The fault that acted (`http_abort`, …). A header-controlled fault is counted under its
        /// `http_header_faults` toxic with the type it acted as (`http_abort` or `http_delay`).
        public var type: String

        public init(toxic: String, type: String) {
            self.toxic = toxic
            self.type = type
        }
    }

    /// Request heads parsed (`faultline_http_requests_total`).
    public var requests: UInt64 = 0
    /// Faults decided for a request, by toxic and type (`faultline_http_faults_total`).
    public var faults: [FaultKey: UInt64] = [:]
    /// Response heads the client received, synthetic ones included, by the status code it saw
    /// (`faultline_http_responses_total`).
    public var responses: [Int: UInt64] = [:]
    /// Connections (directions pairs) that gave up parsing, by reason (`faultline_http_passthrough_total`).
    public var passthrough: [PassthroughReason: UInt64] = [:]
    /// `x-faultline-abort` / `x-faultline-delay` values that were out of range or not numbers, and so ignored.
    public var ignoredControlHeaders: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { self == HTTPFaultCounters() }

    /// Adds `other`'s counts to these.
    public mutating func merge(_ other: HTTPFaultCounters) {
        requests &+= other.requests
        for (key, count) in other.faults { faults[key, default: 0] &+= count }
        for (code, count) in other.responses { responses[code, default: 0] &+= count }
        for (reason, count) in other.passthrough { passthrough[reason, default: 0] &+= count }
        ignoredControlHeaders &+= other.ignoredControlHeaders
    }
}
