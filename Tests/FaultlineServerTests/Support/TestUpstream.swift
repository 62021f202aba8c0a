/// A loopback server for tests that runs a script per accepted connection on its own thread.
import FaultlineTestSupport
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
        let (fd, port) = try LoopbackListener.open()
        self.port = port
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
