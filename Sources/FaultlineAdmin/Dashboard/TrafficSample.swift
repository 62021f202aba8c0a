/// Per-proxy traffic counters as the dashboard shows them: read together at one instant, so rates are differences.
import FaultlineCore

/// Every proxy's counters at `takenAtMilliseconds`; the page divides the change between two samples by the time.
public struct TrafficSample: Equatable, Sendable {
    /// A monotonic clock in milliseconds (only differences mean anything).
    public var takenAtMilliseconds: UInt64
    public var proxies: [String: ProxyTraffic]

    public init(takenAtMilliseconds: UInt64, proxies: [String: ProxyTraffic]) {
        self.takenAtMilliseconds = takenAtMilliseconds
        self.proxies = proxies
    }
}

/// One proxy's live connections and bytes since it was created, per direction (`upstream`: client → server).
public struct ProxyTraffic: Equatable, Sendable {
    public var connections: Int
    public var received: PerDirection<UInt64>
    public var sent: PerDirection<UInt64>

    public init(connections: Int, received: PerDirection<UInt64>, sent: PerDirection<UInt64>) {
        self.connections = connections
        self.received = received
        self.sent = sent
    }
}
