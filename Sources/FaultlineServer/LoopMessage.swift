/// What reaches a loop from other threads: values only (and, on the control loop, work that receives the server).
import FaultlineCore
import FaultlinePosix

enum LoopMessage: Sendable {
    /// Stop accepting, close listeners and connections, leave the loop.
    case stop
    /// A hostname lookup for one connection of `proxy` finished.
    case resolved(connection: UInt64, proxy: String, Result<[SocketAddress], ResolveError>)
    /// A proxy-table change for this loop's shards; the reply (when asked for) tells the control loop it took effect.
    case shard(ShardCommand, reply: OneShot<ShardReply>?)
    /// A connection another loop accepted for this one (accept-and-hand-off mode); the loop now owns `fd`.
    case adopt(proxy: String, fd: CInt)
    /// Run work on the control loop (tests and `ServerHandle` use it to reach `ProxyControl`).
    case run(@Sendable (Server) -> Void)
    /// Run work on a data loop's thread (tests hold a loop still with it).
    case work(@Sendable () -> Void)
    /// The process-wide budget has room again: parked connections may read.
    case budgetFreed
}
