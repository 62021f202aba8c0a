/// signalfd(2): termination signals delivered as readable events on the loop instead of async handlers.
import CFaultlineLinux
import Glibc

/// The signals Faultline takes through its signalfd.
public enum ProcessSignal: Sendable, Equatable {
    case interrupt, terminate, hangup, user1

    var number: CInt {
        switch self {
        case .interrupt: SIGINT
        case .terminate: SIGTERM
        case .hangup: SIGHUP
        case .user1: SIGUSR1
        }
    }

    public var name: String {
        switch self {
        case .interrupt: "SIGINT"
        case .terminate: "SIGTERM"
        case .hangup: "SIGHUP"
        case .user1: "SIGUSR1"
        }
    }
}

public enum SignalFD {
    /// Blocks `signals` in the calling thread (and every thread it starts later) and opens a signalfd for them.
    ///
    /// Call it before any other thread exists, or a thread that kept the default mask may take the signal.
    public static func create(for signals: [ProcessSignal]) throws(Errno) -> FileDescriptor {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal.number) }
        try Syscall.call { pthread_sigmask(SIG_BLOCK, &set, nil) == 0 ? 0 : -1 }
        return FileDescriptor(owning: try Syscall.call { signalfd(-1, &set, CInt(SFD_NONBLOCK) | CInt(SFD_CLOEXEC)) })
    }

    /// Reads pending signals in arrival order.
    public static func read(_ fd: CInt) -> [ProcessSignal] {
        var signals: [ProcessSignal] = []
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        for _ in 0..<64 {
            guard case .processed(let count)? = try? Syscall.io({ Glibc.read(fd, &info, size) }), count == size
            else { break }
            switch CInt(info.ssi_signo) {
            case SIGINT: signals.append(.interrupt)
            case SIGHUP: signals.append(.hangup)
            case SIGUSR1: signals.append(.user1)
            default: signals.append(.terminate)
            }
        }
        return signals
    }

    /// SIGPIPE would kill the process when a peer vanishes mid-write (splice cannot pass MSG_NOSIGNAL).
    public static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }
}
