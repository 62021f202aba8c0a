/// A loopback listener with its accept loop on a detached thread: the part every test peer server shares.
import Glibc
import Synchronization

public final class LoopbackAcceptor: Sendable {
    public let port: UInt16
    private let listenFD: CInt
    private let stopped = Atomic<Bool>(false)

    /// True once `stop()` has run: handlers holding a connection open poll it to let go.
    public var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Listens on 127.0.0.1 and hands each accepted descriptor (close-on-exec, owned by the handler) to
    /// `onClient`, on the accept thread: a handler that blocks should detach its own thread.
    public init(onClient: @escaping @Sendable (_ client: CInt, _ acceptor: LoopbackAcceptor) -> Void) throws {
        let (fd, port) = try LoopbackListener.open()
        self.port = port
        listenFD = fd
        Thread.detach { [self] in
            while !isStopped {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return
                }
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                onClient(client, self)
            }
        }
    }

    /// Stops accepting and closes the listener; connections already handed out are the handlers' to close.
    public func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listenFD, CInt(SHUT_RDWR))
        close(listenFD)
    }
}
