/// A data loop on its own thread (`--threads N` of them): it owns the connections it accepts and applies the table
/// changes the control loop sends it, answering each so the admin API replies only once every loop has changed.
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

    /// Starts data loop `index` (from 0) with its `mailbox`; returns once it is running. `handOff` makes it the
    /// loop that accepts for all: every data loop's mailbox, its own first.
    static func start(
        index: Int, mailbox: LoopHandle<LoopMessage>, config: ServerConfig, budget: MemoryBudget, logger: Logger,
        handOff: [LoopHandle<LoopMessage>]? = nil
    ) throws(FaultlineError) -> LoopWorker {
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
                loop.tickBudget = config.tickBudget
                var seeded = config
                // Loop 0 takes the seed as given, so that `--threads 1` replays a run connection for connection.
                if index > 0 { seeded.seed = SplitMix64.mix(config.seed, UInt64(index)) }
                var workerLogger = logger
                workerLogger[metadataKey: "loop"] = "\(index)"
                let context = LoopContext(loop: loop, mailbox: mailbox, config: seeded, budget: budget, logger: workerLogger)
                if let handOff { context.acceptRouter = AcceptRouter(loops: handOff) }
                let host = ShardHost(context: context)
                let deliver: ([LoopMessage]) -> Void = { messages in
                    // Reads that messages cause (a dial that completes, say) must not catch up in the middle of
                    // this batch: that would apply later messages before the rest of this one.
                    context.isDelivering = true
                    defer { context.isDelivering = false }
                    for message in messages {
                        switch message {
                        case .stop:
                            host.stopAll()
                            loop.stop()
                        case .resolved(let id, let proxy, let result):
                            host.resolved(connection: id, proxy: proxy, result)
                        case .shard(let command, let reply):
                            let answer = host.apply(command)
                            reply?.fulfil(answer)
                        case .adopt(let proxy, let fd):
                            host.adopt(fd, proxy: proxy)
                        case .run:
                            break  // work on the server runs on the control loop only
                        case .work(let work):
                            work()
                        case .budgetFreed:
                            context.roomFreed()
                        }
                    }
                }
                context.deliverPending = { deliver(mailbox.take()) }
                let registration: Registration
                do {
                    registration = try mailbox.attach(to: loop, deliver)
                } catch {
                    ready.fulfil(.internalError("cannot attach loop mailbox: \(error)"))
                    return
                }
                ready.fulfil(nil)
                do { try loop.run() } catch { workerLogger.critical("event loop failed: \(error)") }
                // The mailbox's handler and the catch-up closure hold the loop, its context and host: let them go,
                // or a stopped worker's loop, shards and descriptors leak (LeakSanitizer found it).
                loop.deregister(registration)
                context.deliverPending = nil
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
        post(command).wait()
    }

    /// Posts a change to this loop; its answer arrives in the returned one-shot (wait on it).
    func post(_ command: ShardCommand) -> OneShot<ShardReply> {
        let reply = OneShot<ShardReply>()
        mailbox.post(.shard(command, reply: reply))
        return reply
    }

    /// Posts a change without waiting for it: the loop applies it before it uses any byte it reads from now on
    /// (`LoopContext.catchUp`).
    func announce(_ command: ShardCommand) {
        mailbox.post(.shard(command, reply: nil))
    }

    /// Runs `work` on this loop's thread, without waiting for it.
    func post(_ work: @escaping @Sendable () -> Void) {
        mailbox.post(.work(work))
    }

    func stop() {
        mailbox.post(.stop)
        thread.join()
    }
}
