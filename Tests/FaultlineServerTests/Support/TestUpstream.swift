/// A loopback server for tests that runs a script per accepted connection on its own thread.
import FaultlineTestSupport
import Glibc
import Synchronization

final class TestUpstream: Sendable {
    private final class Counter: Sendable {
        let accepted = Atomic<Int>(0)
    }

    private let acceptor: LoopbackAcceptor
    private let counter = Counter()

    var port: UInt16 { acceptor.port }

    /// How many connections reached this upstream.
    var connectionCount: Int { counter.accepted.load(ordering: .relaxed) }

    init(_ script: @escaping @Sendable (BlockingSocket) -> Void) throws {
        let counter = self.counter
        acceptor = try LoopbackAcceptor { client, _ in
            counter.accepted.add(1, ordering: .relaxed)
            var one: CInt = 1
            setsockopt(client, CInt(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<CInt>.size))
            let socket = BlockingSocket(fd: client)
            Thread.detach { script(socket) }
        }
    }

    func stop() { acceptor.stop() }

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
