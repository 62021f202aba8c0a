/// Proxy-table changes as values, applied by every loop to its own shard of each proxy.
import FaultlineCore
import FaultlineHTTPFaults
import FaultlinePosix

enum ShardCommand: Sendable {
    /// Start serving the proxy with these settings, accepting on `listener`: this loop's own duplicate of the one
    /// listening socket the control loop bound (the loop owns it from now on). Nil for a loop that only takes
    /// connections handed to it (accept-and-hand-off mode).
    case listen(
        proxy: String, listener: CInt?, upstream: String, toxics: [ToxicSpec], gate: SharedGate, tls: ProxyTLS?)
    /// Close the listener and every live connection.
    case stop(proxy: String)
    /// Close every proxy's listener on this loop and keep the live connections (draining on SIGTERM).
    case stopAccepting
    /// Stop, and forget the proxy's counters too.
    case remove(proxy: String)
    case setUpstream(proxy: String, upstream: String)
    case addToxic(proxy: String, ToxicSpec)
    case updateToxic(proxy: String, ToxicSpec)
    case removeToxic(proxy: String, ToxicSpec)
    /// Counters of one proxy, or of all (nil).
    case stats(proxy: String?)
    /// Forwarding state of each live connection (diagnostics).
    case debug(proxy: String)
    /// The loop's own figures (/metrics).
    case loopStats
    /// A change to a `udp` proxy this loop runs.
    case udp(UDPCommand)
}

enum ShardReply: Sendable {
    case done
    case failed(FaultlineError)
    case stats([String: ShardStats])
    case text(String)
    case loop(LoopStats)
    case udpStats([String: UDPProxyCounters])
}

/// One data loop's figures for /metrics.
struct LoopStats: Sendable {
    var sleptNanoseconds: UInt64
    var aliveNanoseconds: UInt64
    var pendingTimers: Int
    var connections: Int
}

/// One toxic's figures across a shard's connections: where it applies now, what it holds, what it did.
struct ToxicSeries: Sendable, Equatable {
    var connections = 0
    var heldBytes = 0
    var delayedEvents: UInt64 = 0
    var droppedBytes: UInt64 = 0

    mutating func add(_ other: ToxicSeries) {
        connections += other.connections
        heldBytes += other.heldBytes
        delayedEvents &+= other.delayedEvents
        droppedBytes &+= other.droppedBytes
    }

    /// One link stage's share: its activity, and (while its connection lives) that it applies and what it holds.
    mutating func add(_ entry: Link.Entry, live: Bool) {
        if live {
            connections += entry.applied ? 1 : 0
            heldBytes += entry.heldBytes
        }
        delayedEvents &+= entry.activity.delayedEvents
        droppedBytes &+= entry.activity.droppedBytes(holding: entry.heldBytes)
    }
}

/// One loop's counters for one proxy; the control loop adds them up across loops.
struct ShardStats: Sendable {
    var received = PerDirection<UInt64>(repeating: 0)
    var sent = PerDirection<UInt64>(repeating: 0)
    var toxicApplied: [String: UInt64] = [:]
    var toxics: [String: ToxicSeries] = [:]
    var activeConnections = 0
    var highWater = 0
    /// What the proxy's HTTP engines counted (`faultline_http_*`).
    var http = HTTPFaultCounters()
    var tls = TLSCounters()

    mutating func add(_ other: ShardStats) {
        for direction in Direction.both {
            received[direction] &+= other.received[direction]
            sent[direction] &+= other.sent[direction]
        }
        toxicApplied.merge(other.toxicApplied, uniquingKeysWith: &+)
        for (name, series) in other.toxics { toxics[name, default: ToxicSeries()].add(series) }
        activeConnections += other.activeConnections
        highWater = max(highWater, other.highWater)
        http.merge(other.http)
        tls.add(other.tls)
    }
}
