/// A plain blocking TCP socket for tests: an independent peer that knows nothing of Faultline's internals.
import Glibc

final class BlockingSocket: @unchecked Sendable {
    // One thread uses a socket at a time in these tests; the class only exists to close on deinit.
    private(set) var fd: CInt

    init(fd: CInt) { self.fd = fd }

    deinit { close() }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    enum Failure: Error, Equatable { case errno(CInt), timeout, closed }

    /// Connects to `host:port`, from the loopback address `source` when given (127.0.0.2, …: a toxic's `clients`).
    static func connect(port: UInt16, host: String = "127.0.0.1", source: String? = nil) throws -> BlockingSocket {
        let fd = socket(AF_INET, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure.errno(errno) }
        let sock = BlockingSocket(fd: fd)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &local.sin_addr)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw Failure.errno(errno) }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw Failure.errno(errno) }
        var one: CInt = 1
        setsockopt(fd, CInt(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<CInt>.size))
        return sock
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure.errno(errno)
            }
            offset += n
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Waits up to `timeout` seconds for readability; false on timeout.
    func waitReadable(timeout: Double) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let deadline = TestClock.now() + timeout
        while true {
            let remaining = deadline - TestClock.now()
            if remaining <= 0 { return false }
            let r = poll(&pfd, 1, CInt(max(1, remaining * 1000)))
            if r > 0 { return true }
            if r < 0 && errno != EINTR { return true }
        }
    }

    /// One read of at most `max` bytes, waiting up to `timeout`; empty array = EOF.
    func receive(max: Int = 65536, timeout: Double = 10) throws -> [UInt8] {
        guard waitReadable(timeout: timeout) else { throw Failure.timeout }
        var buffer = [UInt8](repeating: 0, count: max)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure.errno(errno)
            }
            return Array(buffer[..<n])
        }
    }

    /// Reads exactly `count` bytes (or throws on EOF/timeout).
    func receive(exactly count: Int, timeout: Double = 10) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        let deadline = TestClock.now() + timeout
        while out.count < count {
            let chunk = try receive(max: min(1 << 20, count - out.count), timeout: max(0, deadline - TestClock.now()))
            if chunk.isEmpty { throw Failure.closed }
            out += chunk
        }
        return out
    }

    /// Reads until EOF; returns the bytes, or throws the errno (ECONNRESET …) or a timeout.
    func receiveAll(timeout: Double = 10, limit: Int = 512 << 20) throws -> [UInt8] {
        var out: [UInt8] = []
        let deadline = TestClock.now() + timeout
        while out.count < limit {
            let chunk = try receive(max: 1 << 20, timeout: max(0, deadline - TestClock.now()))
            if chunk.isEmpty { return out }
            out += chunk
        }
        return out
    }

    func shutdownWrite() { Glibc.shutdown(fd, CInt(SHUT_WR)) }

    /// Close with RST.
    func reset() {
        var value = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size))
        close()
    }

    func setReceiveBuffer(_ bytes: CInt) {
        var value = bytes
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, socklen_t(MemoryLayout<CInt>.size))
    }
}

/// Wall-clock seconds from CLOCK_MONOTONIC, for deadlines in tests.
enum TestClock {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Paces a scenario (e.g. "five writes 50 ms apart"): waits until `deadline` on a poll timeout.
    /// This is a script step, never a way to wait for the system under test.
    static func pace(until deadline: Double) {
        while true {
            let remaining = deadline - now()
            if remaining <= 0 { return }
            poll(nil, 0, CInt(max(1, remaining * 1000)))
        }
    }

    /// Polls `condition` until it holds or `timeout` passes; the pause between polls is a bounded back-off,
    /// not a synchronisation point: the condition decides.
    static func eventually(timeout: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = now() + timeout
        var pause: UInt32 = 200
        while now() < deadline {
            if condition() { return true }
            var spec = timespec(tv_sec: 0, tv_nsec: Int(pause) * 1000)
            nanosleep(&spec, nil)
            pause = min(pause * 2, 20_000)
        }
        return condition()
    }
}
