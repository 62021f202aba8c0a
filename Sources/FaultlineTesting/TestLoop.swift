/// A `Scheduler` with hand-cranked time for tests: nothing happens until the test advances it.

import FaultlineCore

/// Hand-cranked time, the analogue of NIO's `EmbeddedEventLoop`.
///
/// Time starts at zero. `advance(to:)` runs every timer due by then in (deadline, sequence) order, the same
/// `TimerQueue` order `EpollLoop` uses, setting `now` to each timer's deadline before running it (time never
/// goes backwards: a timer scheduled in the past runs at the current `now`). Timers scheduled while
/// advancing run in the same call if they fall due by the target.
public final class TestLoop: Scheduler {
    public private(set) var now: Instant
    private var timers = TimerQueue<() -> Void>()
    /// Timers scheduled so far, cancelled or not: lets tests check that a driver does not churn timers.
    public private(set) var scheduledCount = 0
    public private(set) var cancelledCount = 0
    /// A bound on the timers one advance may run, so a runaway timer chain fails instead of spinning.
    public var timerLimitPerAdvance = 10_000_000

    public init(now: Instant = .zero) {
        self.now = now
    }

    public func schedule(at deadline: Instant, _ action: @escaping () -> Void) -> TimerID {
        scheduledCount += 1
        return timers.schedule(at: deadline, action)
    }

    public func cancel(_ id: TimerID) {
        if timers.cancel(id) != nil { cancelledCount += 1 }
    }

    /// Timers waiting to run.
    public var pendingTimerCount: Int { timers.count }
    /// The earliest pending deadline.
    public var nextDeadline: Instant? { timers.earliest }

    public func advance(by duration: Duration) {
        advance(to: now + duration)
    }

    /// Runs everything due by `target`, then leaves `now` at `target` (or where it was, if later).
    public func advance(to target: Instant) {
        var ran = 0
        while let (deadline, action) = timers.popDue(now: target) {
            ran += 1
            precondition(ran <= timerLimitPerAdvance, "TestLoop: runaway timers (over the limit in one advance)")
            now = max(now, deadline)
            action()
        }
        now = max(now, target)
    }
}
