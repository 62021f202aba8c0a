/// Waiting on a UDP socket with a timeout (the experiment runner's one-shot DNS queries), by poll(2).
import Glibc

extension UDPSocket {
    /// Waits until a datagram (or an error) is pending; false when `timeout` passed first.
    public func waitReadable(timeout: Duration) throws(Errno) -> Bool {
        var descriptor = pollfd(fd: rawValue, events: Int16(POLLIN), revents: 0)
        let (seconds, attoseconds) = timeout.components
        let milliseconds: CInt =
            seconds >= Int64(CInt.max / 1000)
            ? CInt.max : CInt(max(0, seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
        return try Syscall.call { poll(&descriptor, 1, milliseconds) } > 0
    }
}
