/// A UDP server for the UDP proxy tests: echoes every datagram to its sender and keeps what it received, in order.
import FaultlineTestSupport
import Glibc
import Synchronization

final class UDPEchoServer: Sendable {
    let port: UInt16
    private let fd: CInt
    private let running = Atomic<Bool>(true)
    private let received = Mutex<[[UInt8]]>([])
    private let echoes: Bool

    /// Binds 127.0.0.1 (`port` 0: any free port); `echo: false` only records.
    init(port: UInt16 = 0, echo: Bool = true) throws {
        let socket = try BlockingUDP(host: "127.0.0.1", port: port)
        // Room for bursts while this thread waits for a core (the tests run beside many others).
        var size: CInt = 4 << 20
        if setsockopt(socket.fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(MemoryLayout<CInt>.size)) != 0 {
            socket.setReceiveBuffer(size)
        }
        fd = dup(socket.fd)
        self.port = try socket.localPort()
        echoes = echo
        let fd = self.fd
        Thread.detach { [self] in self.serve(fd) }
    }

    deinit {
        running.store(false, ordering: .relaxed)
        shutdown(fd, CInt(SHUT_RDWR))
    }

    func stop() {
        running.store(false, ordering: .relaxed)
    }

    /// Every payload received so far, in arrival order.
    var payloads: [[UInt8]] { received.withLock { $0 } }
    var count: Int { received.withLock { $0.count } }

    private func serve(_ fd: CInt) {
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while running.load(ordering: .relaxed) {
            guard poll(&pfd, 1, 50) > 0 else { continue }
            var sender = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &sender) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(fd, raw.baseAddress, raw.count, CInt(MSG_DONTWAIT), $0, &length)
                    }
                }
            }
            guard count >= 0 else { continue }
            let payload = Array(buffer[..<count])
            received.withLock { $0.append(payload) }
            guard echoes else { continue }
            _ = payload.withUnsafeBytes { raw in
                withUnsafePointer(to: &sender) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, raw.baseAddress, raw.count, 0, $0, length)
                    }
                }
            }
        }
    }
}

extension BlockingUDP {
    /// A socket bound to `host:port` (an address of 127.0.0.0/8, so tests can be many different clients).
    convenience init(host: String, port: UInt16) throws {
        try self.init()
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw BlockingSocket.Failure.errno(errno) }
    }

    func localPort() throws -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { throw BlockingSocket.Failure.errno(errno) }
        return UInt16(bigEndian: address.sin_port)
    }

    func setReceiveBuffer(_ bytes: CInt) {
        var value = bytes
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, socklen_t(MemoryLayout<CInt>.size))
    }

    /// Every datagram that arrives within `timeout` seconds of the previous one (or of the call).
    func drain(timeout: Double = 0.3) -> [[UInt8]] {
        var all: [[UInt8]] = []
        while let next = receive(timeout: timeout) { all.append(next) }
        return all
    }
}
