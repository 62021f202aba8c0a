/// An extra event loop on its own thread (`--threads N`): it owns its connections and applies table changes
/// the first loop sends it, answering each so the admin API replies only once every loop has changed.
import FaultlineCore
import FaultlinePosix
import Logging

final class LoopWorker: Sendable {
    private let mailbox: LoopHandle<LoopMessage>
    private let thread: PosixThread

    private init(mailbox: LoopHandle<LoopMessage>, thread: PosixThread) {
        self.mailbox = mailbox
        self.thread = thread
    }

    /// Starts loop `index` (1-based among workers); returns once it is running.
    static func start(index: Int, config: ServerConfig, budget: MemoryBudget, logger: Logger) throws(FaultlineError)
        -> LoopWorker
    {
        let mailbox: LoopHandle<LoopMessage>
        do { mailbox = try LoopHandle<LoopMessage>() } catch { throw .internalError("cannot create loop: \(error)") }
        let ready = OneShot<FaultlineError?>()
        let thread: PosixThread
        do {
            thread = try PosixThread.spawn {
                let loop: EpollLoop
                do {
                    loop = try EpollLoop()
                } catch {
                    ready.fulfil(.internalError("cannot create loop: \(error)"))
                    return
                }
                loop.busyPollWindow = config.busyPoll
                loop.timerLead = config.timerLead
                var seeded = config
                seeded.seed = SplitMix64.mix(config.seed, UInt64(index))
                var workerLogger = logger
                workerLogger[metadataKey: "loop"] = "\(index)"
                let context = LoopContext(loop: loop, mailbox: mailbox, config: seeded, budget: budget, logger: workerLogger)
                let host = ShardHost(context: context)
                do {
                    _ = try mailbox.attach(to: loop) { messages in
                        for message in messages {
                            switch message {
                            case .stop:
                                host.stopAll()
                                loop.stop()
                            case .resolved(let id, let proxy, let result):
                                host.resolved(connection: id, proxy: proxy, result)
                            case .shard(let command, let reply):
                                reply.fulfil(host.apply(command))
                            case .adopt(let proxy, let fd):
                                host.adopt(fd, proxy: proxy)
                            case .run:
                                break  // work on the server runs on the first loop only
                            }
                        }
                    }
                } catch {
                    ready.fulfil(.internalError("cannot attach loop mailbox: \(error)"))
                    return
                }
                ready.fulfil(nil)
                do { try loop.run() } catch { workerLogger.critical("event loop failed: \(error)") }
            }
        } catch {
            throw .internalError("cannot start loop thread: \(error)")
        }
        if let error = ready.wait() {
            thread.join()
            throw error
        }
        return LoopWorker(mailbox: mailbox, thread: thread)
    }

    /// Hands this loop a connection accepted elsewhere; it owns `fd` from now on.
    func adopt(_ fd: CInt, proxy: String) {
        mailbox.post(.adopt(proxy: proxy, fd: fd))
    }

    /// Applies a change on this loop and waits for its answer.
    func send(_ command: ShardCommand) -> ShardReply {
        let reply = OneShot<ShardReply>()
        mailbox.post(.shard(command, reply: reply))
        return reply.wait()
    }

    func stop() {
        mailbox.post(.stop)
        thread.join()
    }
}
