/// The process-wide cap on bytes held in queues and toxics (`--max-buffered`), shared by every loop.
import Synchronization

public final class MemoryBudget: Sendable {
    private let held = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)
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
            var seen = peak.load(ordering: .relaxed)
            while now > seen {
                let (exchanged, original) = peak.compareExchange(expected: seen, desired: now, ordering: .relaxed)
                if exchanged { break }
                seen = original
            }
        }
    }
}
