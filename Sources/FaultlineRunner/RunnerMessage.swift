/// What other threads hand to the runner's loop: admin results and host lookups, as values.
import FaultlineExperiment
import FaultlinePosix

/// Posted through the runner's `LoopHandle`; delivered on the loop thread in posting order.
enum RunnerMessage: Sendable {
    /// An admin request sent by the worker has ended.
    case admin(ActionID, AdminResult)
    /// A probe sample's host lookup has ended.
    case resolved(token: UInt64, Result<[SocketAddress], ResolveError>)
}
