/// A loopback server for tests that runs a script per accepted connection on its own thread.
import Glibc
import Synchronization

final class TestUpstream: Sendable {
    let port: UInt16
    private let listenFD: CInt
    private final class State: Sendable {
        let accepted = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
    }

    private let state = State()

    /// How many connections reached this upstream.
    var connectionCount: Int { state.accepted.load(ordering: .relaxed) }

    init(_ script: @escaping @Sendable (BlockingSocket) -> Void) throws {
        let fd = socket(AF_INET, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        var one: CInt = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<CInt>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 1024) == 0 else { throw BlockingSocket.Failure.errno(errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listenFD = fd
        let state = self.state
        Thread.detach {
            while !state.stopped.load(ordering: .relaxed) {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return
                }
                state.accepted.add(1, ordering: .relaxed)
                var one: CInt = 1
                setsockopt(client, CInt(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<CInt>.size))
                let socket = BlockingSocket(fd: client)
                Thread.detach { script(socket) }
            }
        }
    }

    func stop() {
        guard !state.stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listenFD, CInt(SHUT_RDWR))
        close(listenFD)
    }

    deinit { stop() }

    /// Echoes every byte until EOF, then half-closes.
    static func echo() throws -> TestUpstream {
        try TestUpstream { socket in
            while let chunk = try? socket.receive(max: 1 << 20, timeout: 60), !chunk.isEmpty {
                if (try? socket.send(chunk)) == nil { return }
            }
            socket.shutdownWrite()
            _ = try? socket.receive(max: 1, timeout: 5)
        }
    }
}

/// Detached pthreads for test peers.
enum Thread {
    static func detach(_ body: @escaping @Sendable () -> Void) {
        final class Box: @unchecked Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, box)
        if status == 0 { pthread_detach(thread) } else { Unmanaged<Box>.fromOpaque(box).release() }
    }
}
