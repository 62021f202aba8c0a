/// A one-shot gate between test threads: waiters block until `open()`, without polling or sleeping.
import Glibc
import Synchronization

final class Gate: Sendable {
    private let readEnd: CInt
    private let writeEnd: CInt
    private let opened = Atomic<Bool>(false)

    init() throws {
        var fds: [CInt] = [-1, -1]
        guard pipe(&fds) == 0 else { throw TestFailure("pipe failed: errno \(errno)") }
        // Close-on-exec: a child spawned meanwhile must not hold the write end open past `open()`.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    /// Lets every current and future waiter through (the pipe's EOF wakes them all).
    func open() {
        if !opened.exchange(true, ordering: .relaxed) { close(writeEnd) }
    }

    /// Blocks until the gate opens; false when `timeout` seconds pass first.
    func wait(timeout: Double) -> Bool {
        var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        let deadline = TestClock.now() + timeout
        while true {
            let remaining = deadline - TestClock.now()
            if remaining <= 0 { return false }
            let ready = poll(&descriptor, 1, CInt(max(1, remaining * 1000)))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return false }
        }
    }

    deinit {
        open()
        close(readEnd)
    }
}
