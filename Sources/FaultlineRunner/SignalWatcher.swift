/// SIGINT and SIGTERM as readable events on the runner's loop, turned into `ExperimentSession.interrupted`.
import FaultlineExperiment
import FaultlinePosix

/// Every signal is passed on: the engine prints "rollback in progress" for a second one and never abandons a
/// rollback, so the runner needs no policy of its own here.
final class SignalWatcher: EventHandler {
    private let descriptor: FileDescriptor
    weak var session: ExperimentSession?

    /// Blocks SIGINT and SIGTERM for this thread and threads it starts later; call before any other thread exists.
    init() throws(Errno) {
        descriptor = try SignalFD.create(for: [.interrupt, .terminate])
    }

    func attach(to loop: EpollLoop) throws(Errno) {
        _ = try loop.register(descriptor.rawValue, .readable, self)
    }

    func handle(_ events: Interest, registration: Registration) {
        for signal in SignalFD.read(descriptor.rawValue) {
            switch signal {
            case .interrupt: session?.interrupted(.sigint)
            case .terminate: session?.interrupted(.sigterm)
            case .hangup, .user1: break  // not asked for by the runner
            }
        }
    }
}
