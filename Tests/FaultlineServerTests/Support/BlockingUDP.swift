/// A plain blocking UDP socket for tests: sends datagrams to a loopback port and waits for answers with a deadline.
import Glibc

final class BlockingUDP: @unchecked Sendable {
    // One thread uses a socket at a time in these tests; the class only exists to close on deinit.
    private(set) var fd: CInt

    init() throws {
        fd = socket(AF_INET, CInt(SOCK_DGRAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BlockingSocket.Failure.errno(errno) }
    }

    deinit { Glibc.close(fd) }

    /// Binds 127.0.0.1:0 and returns the port (for a fake upstream that receives queries).
    func bindLoopback() throws -> UInt16 {
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw BlockingSocket.Failure.errno(errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    func send(_ bytes: [UInt8], port: UInt16) throws {
        var address = Self.loopback(port: port)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                bytes.withUnsafeBytes {
                    sendto(fd, $0.baseAddress, $0.count, 0, target, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard sent == bytes.count else { throw BlockingSocket.Failure.errno(errno) }
    }

    /// The next datagram, or nil when none arrives within `timeout` seconds.
    func receive(timeout: Double = 5) -> [UInt8]? {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let deadline = TestClock.now() + timeout
        while true {
            let remaining = deadline - TestClock.now()
            if remaining <= 0 { return nil }
            let ready = poll(&pfd, 1, CInt(max(1, remaining * 1000)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 { continue }  // ICMP port unreachable from an earlier datagram
            return Array(buffer[..<count])
        }
    }

    /// Sends and waits for the answer.
    func exchange(_ bytes: [UInt8], port: UInt16, timeout: Double = 5) throws -> [UInt8]? {
        try send(bytes, port: port)
        return receive(timeout: timeout)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        return address
    }
}
