/// What other threads may send to the server's loop: values only, plus closures that receive the server.
import FaultlineCore
import FaultlinePosix

enum ServerMessage: Sendable {
    /// Stop accepting, close listeners and connections, leave the loop.
    case stop
    /// A hostname lookup for one connection finished.
    case resolved(connection: UInt64, proxy: String, Result<[SocketAddress], ResolveError>)
    /// Run work on the loop (tests and the handle use it to reach `ProxyControl`).
    case run(@Sendable (Server) -> Void)
}
