/// A server running on its own thread, driven from other threads (tests, embedding): start, reach in, stop.
import Dispatch
import FaultlineAdmin
import FaultlineCore
import FaultlinePosix
import Logging
import Synchronization

public final class ServerHandle: Sendable {
    private let mailbox: LoopHandle<LoopMessage>
    private let thread: PosixThread
    /// The admin API's bound port (useful when the config asked for port 0); nil without an admin listener.
    public let adminPort: UInt16?

    private init(mailbox: LoopHandle<LoopMessage>, thread: PosixThread, adminPort: UInt16?) {
        self.mailbox = mailbox
        self.thread = thread
        self.adminPort = adminPort
    }

    /// Builds the server on a new thread, boots `proxies`, and returns once it is serving (or throws why not).
    public static func start(config: ServerConfig, logger: Logger, proxies: [ProxySpec] = []) throws(BootError)
        -> ServerHandle
    {
        let ready = OneShot<Result<(LoopHandle<LoopMessage>, UInt16?), BootError>>()
        let thread: PosixThread
        do {
            thread = try PosixThread.spawn {
                let server: Server
                do {
                    server = try Server(config: config, logger: logger)
                    try server.boot(with: proxies)
                    do throws(FaultlineError) { try server.startAdmin() } catch {
                        throw BootError(index: -1, name: nil, error: error)
                    }
                } catch let error as BootError {
                    ready.fulfil(.failure(error))
                    return
                } catch {
                    ready.fulfil(.failure(BootError(index: -1, name: nil, error: .internalError("\(error)"))))
                    return
                }
                ready.fulfil(.success((server.mailbox, server.adminPort)))
                try? server.run()
            }
        } catch {
            throw BootError(index: -1, name: nil, error: .internalError("cannot start thread: \(error)"))
        }
        switch ready.wait() {
        case .success(let (mailbox, port)):
            return ServerHandle(mailbox: mailbox, thread: thread, adminPort: port)
        case .failure(let error):
            thread.join()
            throw error
        }
    }

    /// Runs `body` on the server's loop and waits for its result.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (Server) -> T) -> T {
        let result = OneShot<T>()
        mailbox.post(.run { server in result.fulfil(body(server)) })
        return result.wait()
    }

    /// Runs `body` against the server's `ProxyControl` (the seam the admin API uses) on its loop.
    public func control<T: Sendable>(_ body: @escaping @Sendable (any ProxyControl) throws(FaultlineError) -> T)
        throws(FaultlineError) -> T
    {
        let result: Result<T, FaultlineError> = perform { server in
            do throws(FaultlineError) { return .success(try body(server)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Stops the server (listeners and connections closed) and waits for its thread to end.
    public func stop() {
        mailbox.post(.stop)
        thread.join()
    }
}

/// A value handed from one thread to another exactly once.
final class OneShot<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)
    private let semaphore = DispatchSemaphore(value: 0)

    func fulfil(_ result: T) {
        value.withLock { $0 = result }
        semaphore.signal()
    }

    func wait() -> T {
        while true {
            semaphore.wait()
            if let result = value.withLock({ $0 }) { return result }
        }
    }
}
