/// timerfd(2) on CLOCK_MONOTONIC with absolute deadlines: the loop's one kernel timer.
import CFaultlineLinux
import FaultlineCore
import Glibc

public enum TimerFD {
    public static func create() throws(Errno) -> FileDescriptor {
        FileDescriptor(owning: try Syscall.call { timerfd_create(CLOCK_MONOTONIC, CInt(TFD_NONBLOCK) | CInt(TFD_CLOEXEC)) })
    }

    /// Arms the timer to fire once at `deadline` (a past deadline fires at once); nil disarms it.
    public static func arm(_ fd: CInt, at deadline: Instant?) throws(Errno) {
        var spec = itimerspec()
        if let deadline {
            // A zero it_value would disarm; the earliest representable instant is 1 ns.
            let ns = max(deadline.nanoseconds, 1)
            spec.it_value.tv_sec = Int(ns / 1_000_000_000)
            spec.it_value.tv_nsec = Int(ns % 1_000_000_000)
        }
        try Syscall.call { timerfd_settime(fd, CInt(TFD_TIMER_ABSTIME), &spec, nil) }
    }

    /// Consumes the expiration count so the descriptor stops being readable.
    public static func drain(_ fd: CInt) {
        var count: UInt64 = 0
        _ = try? Syscall.io { Glibc.read(fd, &count, MemoryLayout<UInt64>.size) }
    }
}

/// The monotonic clock, read once per loop tick.
public enum MonotonicClock {
    public static func now() -> Instant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Instant(nanoseconds: UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec))
    }
}
