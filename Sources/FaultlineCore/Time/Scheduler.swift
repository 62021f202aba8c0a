/// The seam between time-driven logic and whatever runs it: `EpollLoop` in production, `TestLoop` in tests.
public protocol Scheduler: AnyObject {
    /// The time of the current tick; constant while one tick's work runs.
    var now: Instant { get }
    /// Runs `action` once `now` has reached `deadline` (deadlines in the past run on the next tick).
    func schedule(at deadline: Instant, _ action: @escaping () -> Void) -> TimerID
    /// Forgets a timer; cancelling one that already ran or was cancelled is harmless.
    func cancel(_ id: TimerID)
}

/// Names one scheduled action so that it can be cancelled.
public struct TimerID: Hashable, Sendable {
    public let rawValue: UInt64
    @inlinable public init(rawValue: UInt64) { self.rawValue = rawValue }
}
