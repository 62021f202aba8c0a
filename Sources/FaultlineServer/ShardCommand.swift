/// Proxy-table changes as values, applied by every loop to its own shard of each proxy.
import FaultlineCore
import FaultlinePosix

enum ShardCommand: Sendable {
    /// Start serving the proxy with these settings, accepting on `listener`: this loop's own duplicate of the one
    /// listening socket the control loop bound (the loop owns it from now on). Nil for a loop that only takes
    /// connections handed to it (accept-and-hand-off mode).
    case listen(proxy: String, listener: CInt?, upstream: String, toxics: [ToxicSpec], gate: SharedGate)
    /// Close the listener and every live connection.
    case stop(proxy: String)
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
}

enum ShardReply: Sendable {
    case done
    case failed(FaultlineError)
    case stats([String: ShardStats])
    case text(String)
}

/// One loop's counters for one proxy; the control loop adds them up across loops.
struct ShardStats: Sendable {
    var received = PerDirection<UInt64>(repeating: 0)
    var sent = PerDirection<UInt64>(repeating: 0)
    var toxicApplied: [String: UInt64] = [:]
    var activeConnections = 0
    var highWater = 0

    mutating func add(_ other: ShardStats) {
        for direction in Direction.both {
            received[direction] &+= other.received[direction]
            sent[direction] &+= other.sent[direction]
        }
        toxicApplied.merge(other.toxicApplied, uniquingKeysWith: &+)
        activeConnections += other.activeConnections
        highWater = max(highWater, other.highWater)
    }
}
