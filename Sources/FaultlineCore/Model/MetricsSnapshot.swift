/// Live figures for /metrics: per proxy and direction bytes, connections, toxics at work, the process and its loops.
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
        /// What each toxic is doing now, by toxic name.
        public var toxics: [String: Toxic]
        /// A `udp` proxy's datagram, drop and session counters; nil for other kinds.
        public var udp: UDPProxyCounters?
        /// What the HTTP engines of the proxy's connections counted (all zero without `http_*` toxics).
        public var http = HTTP()
        /// A TLS proxy's handshakes and failures per side (`client`, `upstream`); nil without a `tls` block.
        public var tls: TLS?

        public init(
            name: String, listener: String, upstream: String, received: [Direction: UInt64] = [:],
            sent: [Direction: UInt64] = [:], activeConnections: Int = 0, toxicApplied: [String: UInt64] = [:],
            toxics: [String: Toxic] = [:], udp: UDPProxyCounters? = nil
        ) {
            self.name = name
            self.listener = listener
            self.upstream = upstream
            self.received = received
            self.sent = sent
            self.activeConnections = activeConnections
            self.toxicApplied = toxicApplied
            self.toxics = toxics
            self.udp = udp
        }
    }

    /// One toxic of one proxy: live connections it applies to, bytes it holds, events it delayed, bytes it dropped.
    public struct Toxic: Equatable, Sendable {
        public var connections: Int
        public var heldBytes: Int
        public var delayedEvents: UInt64
        public var droppedBytes: UInt64

        public init(connections: Int = 0, heldBytes: Int = 0, delayedEvents: UInt64 = 0, droppedBytes: UInt64 = 0) {
            self.connections = connections
            self.heldBytes = heldBytes
            self.delayedEvents = delayedEvents
            self.droppedBytes = droppedBytes
        }
    }

    /// One event loop (`control`, or a data loop's index): how busy it is, what waits on it.
    public struct Loop: Equatable, Sendable {
        public var name: String
        public var busySeconds: Double
        /// The share of time it was busy since the previous scrape (or since it started).
        public var busyRatio: Double
        public var pendingTimers: Int
        public var connections: Int

        public init(name: String, busySeconds: Double, busyRatio: Double, pendingTimers: Int, connections: Int) {
            self.name = name
            self.busySeconds = busySeconds
            self.busyRatio = busyRatio
            self.pendingTimers = pendingTimers
            self.connections = connections
        }
    }

    /// The process as Go's process collector reports it.
    public struct Process: Equatable, Sendable {
        public var cpuSeconds: Double = 0
        public var openDescriptors = 0
        public var maxDescriptors: Double = 0
        public var residentBytes: Double = 0
        public var virtualBytes: Double = 0
        public var virtualMaxBytes: Double = 0
        public var startTimeSeconds: Double = 0

        public init() {}
    }

    /// Whether `--proxy-metrics` was given (Toxiproxy's byte counters and Faultline's gauges).
    public var proxyMetrics: Bool
    /// Whether `--runtime-metrics` was given (process figures).
    public var runtimeMetrics: Bool
    public var proxies: [Proxy]
    /// Process figures for `--runtime-metrics`.
    public var process: Process
    /// The event loops, for `--runtime-metrics` (Faultline's in place of Go's `go_*` runtime series).
    public var loops: [Loop]

    public init(
        proxyMetrics: Bool, runtimeMetrics: Bool, proxies: [Proxy], process: Process = Process(), loops: [Loop] = []
    ) {
        self.proxyMetrics = proxyMetrics
        self.runtimeMetrics = runtimeMetrics
        self.proxies = proxies
        self.process = process
        self.loops = loops
    }
}
