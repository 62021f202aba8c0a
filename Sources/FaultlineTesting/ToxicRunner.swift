/// Drives one toxic alone on virtual time, for tests that build a toxic with a chosen seed instead of a link.

import FaultlineCore

/// Like `LinkHarness` without the link: the test owns the toxic (and so its exact seed), and `advance(to:)`
/// wakes it at each `nextWake` up to the target, in order, recording what it emits and when.
public struct ToxicRunner<T: Toxic> {
    public private(set) var toxic: T
    public private(set) var now: Instant
    public private(set) var outputs: [LinkHarness.Output] = []
    /// A bound on the wakes one advance may run, so a toxic that never settles fails instead of spinning.
    public var wakeLimit = 1_000_000

    public init(_ toxic: T, now: Instant = .zero) {
        self.toxic = toxic
        self.now = now
    }

    /// Wakes the toxic at every due time up to `time`, then leaves the clock there.
    public mutating func advance(to time: Instant) {
        var wakes = 0
        while let due = toxic.nextWake, due <= time {
            wakes += 1
            precondition(wakes <= wakeLimit, "ToxicRunner: runaway wakes (over the limit in one advance)")
            now = max(now, due)
            var out: [ToxicAction] = []
            toxic.wake(now: now, into: &out)
            record(out)
        }
        now = max(now, time)
    }

    /// Advances to `time` and feeds `event` there.
    public mutating func send(_ event: StreamEvent, at time: Instant) {
        advance(to: time)
        var out: [ToxicAction] = []
        toxic.receive(event, now: now, into: &out)
        record(out)
    }

    /// Sends `count` bytes (0, 1, 2, … wrapping) at `time`, as `LinkHarness.send(bytes:at:)` does.
    public mutating func send(bytes count: Int, at time: Instant) {
        send(.bytes((0..<count).map { UInt8(truncatingIfNeeded: $0) }), at: time)
    }

    /// Advances to `time` and gives the toxic new settings; returns whether it adopted them.
    @discardableResult
    public mutating func update(to kind: ToxicKind, at time: Instant) -> Bool {
        advance(to: time)
        var out: [ToxicAction] = []
        let adopted = toxic.update(to: kind, now: now, into: &out)
        record(out)
        return adopted
    }

    /// Advances to `time` and flushes the toxic, as removal from a link does.
    public mutating func flush(at time: Instant) {
        advance(to: time)
        var out: [ToxicAction] = []
        toxic.flush(now: now, into: &out)
        record(out)
    }

    /// Every byte emitted so far, in order.
    public var emittedBytes: [UInt8] {
        outputs.flatMap { output -> [UInt8] in
            if case .emit(.bytes(let bytes)) = output.action { return bytes }
            return []
        }
    }

    private mutating func record(_ actions: [ToxicAction]) {
        for action in actions { outputs.append(LinkHarness.Output(now, action)) }
    }
}
