/// The process-wide cap on bytes held in queues and toxics (`--max-buffered`), shared by every loop.
import Synchronization

public final class MemoryBudget: Sendable {
    private let held = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)
    /// The most held since the heap was last trimmed (see `takeTrimHint`).
    private let peakSinceTrim = Atomic<Int>(0)
    /// A burst must have held at least this much before its end is worth a trim.
    static let trimWorthy = 64 << 20
    /// Loops with connections parked on this budget, waiting to hear that it has room again. Any loop may free the
    /// room (connections on every loop share it), so the wake-up has to cross threads.
    private let waiters = Mutex<[@Sendable () -> Void]>([])
    private let hasWaiters = Atomic<Bool>(false)
    public let limit: Int

    public init(limit: Int) { self.limit = limit }

    public var current: Int { held.load(ordering: .relaxed) }
    /// The most ever held at once, for tests and the benchmark.
    public var highWater: Int { peak.load(ordering: .relaxed) }
    /// Reading stops everywhere while this is true; one read may overshoot, never more.
    public var isExhausted: Bool { current >= limit }

    /// Records a change in held bytes (positive or negative).
    public func adjust(by delta: Int) {
        guard delta != 0 else { return }
        let now = held.add(delta, ordering: .relaxed).newValue
        if delta > 0 {
            Self.raise(peak, to: now)
            Self.raise(peakSinceTrim, to: now)
        } else if now < limit && hasWaiters.load(ordering: .acquiring) {
            wakeWaiters()
        }
    }

    /// Calls `wake` (once, from whichever thread frees room) when the budget has room again; at once if it has.
    public func waitForRoom(_ wake: @escaping @Sendable () -> Void) {
        waiters.withLock { list in
            list.append(wake)
            hasWaiters.store(true, ordering: .releasing)
        }
        // Room may have come between the caller's check and the registration: nobody would call then.
        if !isExhausted { wakeWaiters() }
    }

    private func wakeWaiters() {
        let woken = waiters.withLock { list in
            let taken = list
            list.removeAll()
            hasWaiters.store(false, ordering: .releasing)
            return taken
        }
        for wake in woken { wake() }
    }

    /// True once after a burst has drained (it held `trimWorthy` or more and now holds under a quarter of that
    /// peak): the caller then returns the freed heap to the kernel. Without it RSS stayed at ~850 MiB after a
    /// 1.2 GiB burst, every connection long gone.
    public func takeTrimHint() -> Bool {
        let mark = peakSinceTrim.load(ordering: .relaxed)
        let now = current
        guard mark >= Self.trimWorthy, now <= mark / 4 else { return false }
        return peakSinceTrim.compareExchange(expected: mark, desired: now, ordering: .relaxed).exchanged
    }

    private static func raise(_ value: borrowing Atomic<Int>, to candidate: Int) {
        var seen = value.load(ordering: .relaxed)
        while candidate > seen {
            let (exchanged, original) = value.compareExchange(expected: seen, desired: candidate, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
    }
}
