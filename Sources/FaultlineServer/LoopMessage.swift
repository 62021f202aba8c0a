/// What reaches a loop from other threads: values only (and, on the first loop, work that receives the server).
import FaultlineCore
import FaultlinePosix

enum LoopMessage: Sendable {
    /// Stop accepting, close listeners and connections, leave the loop.
    case stop
    /// A hostname lookup for one connection of `proxy` finished.
    case resolved(connection: UInt64, proxy: String, Result<[SocketAddress], ResolveError>)
    /// A proxy-table change for this loop's shards; the reply tells the first loop it took effect.
    case shard(ShardCommand, reply: OneShot<ShardReply>)
    /// A connection the first loop accepted for this loop (accept-and-hand-off mode); the loop now owns `fd`.
    case adopt(proxy: String, fd: CInt)
    /// Run work on the first loop (tests and `ServerHandle` use it to reach `ProxyControl`).
    case run(@Sendable (Server) -> Void)
}
