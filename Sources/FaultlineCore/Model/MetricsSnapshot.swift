/// Live counters for /metrics: per proxy and direction bytes, active connections, toxic hits.
public struct MetricsSnapshot: Equatable, Sendable {
    /// Counters of one proxy.
    public struct Proxy: Equatable, Sendable {
        public var name: String
        public var listener: String
        public var upstream: String
        /// Bytes read from the source socket of each direction.
        public var received: [Direction: UInt64]
        /// Bytes written to the destination socket of each direction.
        public var sent: [Direction: UInt64]
        public var activeConnections: Int
        /// Times each toxic was applied to a connection (its toxicity roll came up), by toxic name.
        public var toxicApplied: [String: UInt64]

        public init(
            name: String, listener: String, upstream: String, received: [Direction: UInt64] = [:],
            sent: [Direction: UInt64] = [:], activeConnections: Int = 0, toxicApplied: [String: UInt64] = [:]
        ) {
            self.name = name
            self.listener = listener
            self.upstream = upstream
            self.received = received
            self.sent = sent
            self.activeConnections = activeConnections
            self.toxicApplied = toxicApplied
        }
    }

    /// Whether `--proxy-metrics` was given (Toxiproxy's byte counters and Faultline's gauges).
    public var proxyMetrics: Bool
    /// Whether `--runtime-metrics` was given (process figures).
    public var runtimeMetrics: Bool
    public var proxies: [Proxy]
    /// Process figures for `--runtime-metrics`: resident bytes, open descriptors, start time (Unix s).
    public var residentBytes: UInt64
    public var openDescriptors: Int
    public var startTimeSeconds: Double

    public init(
        proxyMetrics: Bool, runtimeMetrics: Bool, proxies: [Proxy], residentBytes: UInt64 = 0,
        openDescriptors: Int = 0, startTimeSeconds: Double = 0
    ) {
        self.proxyMetrics = proxyMetrics
        self.runtimeMetrics = runtimeMetrics
        self.proxies = proxies
        self.residentBytes = residentBytes
        self.openDescriptors = openDescriptors
        self.startTimeSeconds = startTimeSeconds
    }
}
