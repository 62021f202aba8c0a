/// A plain pthread running one closure: the home of an event loop (Foundation's Thread is not needed for that).
import CFaultlineLinux
import Glibc

public final class PosixThread: Sendable {
    private final class Box: @unchecked Sendable {
        // The closure is handed from the creating thread to the new one exactly once, before it starts.
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private let thread: pthread_t

    private init(thread: pthread_t) { self.thread = thread }

    /// Starts `body` on a new thread. Threads inherit the creator's signal mask (see `SignalFD.create`).
    public static func spawn(_ body: @escaping @Sendable () -> Void) throws(Errno) -> PosixThread {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw Errno(rawValue: status)
        }
        return PosixThread(thread: thread)
    }

    /// Waits for the thread to finish.
    public func join() {
        pthread_join(thread, nil)
    }
}

extension PosixThread {
    /// Sets the calling thread's nice value (Linux applies it per thread); fails with EPERM/EACCES without
    /// CAP_SYS_NICE or a high enough RLIMIT_NICE, which callers may simply accept.
    public static func setCurrentNice(_ value: CInt) throws(Errno) {
        let tid = id_t(cfl_gettid())
        try Syscall.call { setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, value) }
    }
}
