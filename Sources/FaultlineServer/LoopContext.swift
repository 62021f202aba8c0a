/// What every connection on one loop shares: the loop, its scratch buffer, the budgets, the logger, the seed source.
import FaultlineCore
import FaultlinePosix
import Logging

final class LoopContext {
    let loop: EpollLoop
    let mailbox: LoopHandle<LoopMessage>
    let config: ServerConfig
    let budget: MemoryBudget
    var logger: Logger
    /// One read buffer for the whole loop: connections copy out only what they cannot write at once.
    let scratch: UnsafeMutableRawBufferPointer
    /// Connection seeds are drawn in accept order, so one `--seed` replays the same rolls.
    private var seeds: SplitMix64
    private var nextConnectionID: UInt64 = 1
    /// On the first loop in accept-and-hand-off mode: where each accepted connection goes.
    var acceptRouter: AcceptRouter?
    /// Pipes for the splice fast path.
    let pipes: PipePool
    /// Connections that stopped reading because the process-wide budget ran out; woken when it frees up.
    private var parked: [UInt64: Connection] = [:]
    /// Applies the mailbox's waiting messages now (set by a data loop): see `catchUp()`.
    var deliverPending: (() -> Void)?
    /// True while the loop applies a batch of messages.
    var isDelivering = false
    /// A wake-up for the parked connections is registered with the budget.
    private var waitingForRoom = false

    init(loop: EpollLoop, mailbox: LoopHandle<LoopMessage>, config: ServerConfig, budget: MemoryBudget,
         logger: Logger, scratchSize: Int = 256 << 10) {
        self.loop = loop
        self.mailbox = mailbox
        self.config = config
        self.budget = budget
        self.logger = logger
        scratch = .allocate(byteCount: scratchSize, alignment: 64)
        pipes = PipePool(pipeSize: config.passthroughWindow, enabled: config.splice)
        seeds = SplitMix64(seed: config.seed)
        loop.afterDispatch = { [unowned self] in self.closeDeferred() }
    }

    /// Sockets of connections closed during this tick, closed once every ready connection has been served:
    /// close(2) on TCP is expensive (it sends and processes the FIN), and doing it first delayed the data of
    /// connections that were ready in the same tick.
    private var closing: [CInt] = []

    deinit {
        closeDeferred()
        scratch.deallocate()
    }

    /// Takes ownership of `fd` and closes it at the end of this tick's dispatch.
    func closeLater(_ fd: CInt) {
        closing.append(fd)
    }

    func closeDeferred() {
        guard !closing.isEmpty else { return }
        let fds = closing
        closing.removeAll(keepingCapacity: true)
        for fd in fds { FileDescriptor(owning: fd).close() }
    }

    /// Toxic edits are not waited for: the control loop posts them and answers the API at once. So before a data
    /// loop uses bytes it just read, or a connection it just accepted, it applies whatever waits in its mailbox:
    /// every byte read after the API answered then meets the new toxics. One atomic load when nothing waits.
    /// Callers must not hold bytes in `scratch` across it (the messages may start other connections' reads).
    /// Returns whether messages were applied.
    @inline(__always) @discardableResult func catchUp() -> Bool {
        guard mailbox.hasPending && !isDelivering, let deliverPending else { return false }
        deliverPending()
        return true
    }

    func makeConnectionIdentity() -> (id: UInt64, rng: SplitMix64) {
        defer { nextConnectionID += 1 }
        return (nextConnectionID, seeds.derive())
    }

    /// A generator for something other than a connection (a DNS listener's per-query draws), from the same seed.
    func deriveGenerator() -> SplitMix64 { seeds.derive() }

    /// The connection stopped reading because the process-wide budget ran out. The room may be freed on another
    /// loop, so the first connection parked here asks the budget to post this loop a wake-up.
    func park(_ connection: Connection) {
        parked[connection.id] = connection
        awaitRoom()
    }

    /// Registers this loop's one wake-up with the budget, unless one is outstanding.
    private func awaitRoom() {
        guard !waitingForRoom else { return }
        waitingForRoom = true
        let mailbox = self.mailbox
        budget.waitForRoom { mailbox.post(.budgetFreed) }
    }

    /// The budget has room again (posted by whichever loop freed it).
    func roomFreed() {
        waitingForRoom = false
        budgetReleased()
    }

    func unpark(_ connection: Connection) { parked[connection.id] = nil }

    func isParked(_ connection: Connection) -> Bool { parked[connection.id] != nil }

    /// Called whenever held bytes shrink: connections waiting on the global budget may read again.
    func budgetReleased() {
        guard !parked.isEmpty else { return }
        // Full again already (another loop took the room): wait for the next release, wherever it happens.
        guard !budget.isExhausted else { return awaitRoom() }
        let waiting = parked
        parked.removeAll()
        for connection in waiting.values { connection.settle() }
    }
}
