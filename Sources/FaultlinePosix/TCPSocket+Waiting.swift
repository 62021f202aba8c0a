/// Blocking-style use of a non-blocking socket with timeouts (the client's one-request transport): poll, then act.
import Glibc

extension TCPSocket {
    /// Connects to `address`, waiting at most `timeout`; throws the connect error, or `.timedOut`.
    public static func connect(to address: SocketAddress, timeout: Duration) throws(Errno) -> TCPSocket {
        let socket = try TCPSocket(family: address.family)
        if try socket.connect(to: address) == .inProgress {
            guard try socket.waitWritable(timeout: timeout) else { throw .timedOut }
            if let error = socket.pendingError() { throw error }
        }
        return socket
    }

    /// Waits until a read would not block (data, EOF or an error is pending); false when `timeout` passed first.
    public func waitReadable(timeout: Duration) throws(Errno) -> Bool {
        try wait(for: Int16(POLLIN), timeout: timeout)
    }

    /// Waits until a write would not block (or a connect finished); false when `timeout` passed first.
    public func waitWritable(timeout: Duration) throws(Errno) -> Bool {
        try wait(for: Int16(POLLOUT), timeout: timeout)
    }

    private func wait(for events: Int16, timeout: Duration) throws(Errno) -> Bool {
        var descriptor = pollfd(fd: rawValue, events: events, revents: 0)
        // poll(2) counts whole milliseconds; round up so a short timeout still waits at least once.
        let (seconds, attoseconds) = timeout.components
        let milliseconds: CInt =
            seconds >= Int64(CInt.max / 1000)
            ? CInt.max : CInt(max(0, seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
        let ready = try Syscall.call { poll(&descriptor, 1, milliseconds) }
        // Errors and hang-ups count as ready: the next read or write reports them.
        return ready > 0
    }
}
