/// SIGINT/SIGTERM (stop) and SIGHUP (reload) arriving as loop events through a signalfd.
import FaultlinePosix

final class Signals: EventHandler {
    enum Kind {
        case terminate(String)
        case reload
        /// SIGUSR1: log every live connection's forwarding state (diagnosing a stall in the field).
        case dump
    }

    private let descriptor: FileDescriptor
    private let deliver: (Kind) -> Void

    init(loop: EpollLoop, deliver: @escaping (Kind) -> Void) throws(Errno) {
        descriptor = try SignalFD.create(for: [.interrupt, .terminate, .hangup, .user1])
        self.deliver = deliver
        _ = try loop.register(descriptor.rawValue, .readable, self, priority: true)
    }

    func handle(_ events: Interest, registration: Registration) {
        for signal in SignalFD.read(descriptor.rawValue) {
            switch signal {
            case .hangup: deliver(.reload)
            case .user1: deliver(.dump)
            default: deliver(.terminate(signal.name))
            }
        }
    }
}
