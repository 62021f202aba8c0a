/// The HTTP fault figures of one proxy for /metrics: requests, faults by toxic and type, statuses, pass-throughs.
extension MetricsSnapshot {
    /// Counters summed over the proxy's connections and loops (`faultline_http_*`).
    public struct HTTP: Equatable, Sendable {
        /// The labels of one `faultline_http_faults_total` series.
        public struct Fault: Hashable, Sendable {
            public var toxic: String
            public var type: String

            public init(toxic: String, type: String) {
                self.toxic = toxic
                self.type = type
            }
        }

        /// Request heads parsed.
        public var requests: UInt64
        /// Faults that acted, by toxic and type.
        public var faults: [Fault: UInt64]
        /// Response heads the clients received (synthetic ones included), by the status they saw.
        public var responses: [Int: UInt64]
        /// Connections that stopped parsing and passed bytes through, by reason.
        public var passthrough: [String: UInt64]

        public init(
            requests: UInt64 = 0, faults: [Fault: UInt64] = [:], responses: [Int: UInt64] = [:],
            passthrough: [String: UInt64] = [:]
        ) {
            self.requests = requests
            self.faults = faults
            self.responses = responses
            self.passthrough = passthrough
        }

        /// Nothing counted: the proxy has never parsed HTTP (its series are left out).
        public var isEmpty: Bool { self == HTTP() }
    }
}
