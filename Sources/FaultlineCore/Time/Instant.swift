/// A monotonic timestamp in nanoseconds: the only notion of "now" the pure core knows.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanoseconds: UInt64

    @inlinable public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    public static let zero = Instant(nanoseconds: 0)

    @inlinable public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Saturates at zero and at `UInt64.max` so that hostile durations cannot trap.
    @inlinable public static func + (lhs: Instant, rhs: Duration) -> Instant {
        let delta = rhs.nanosecondsClamped
        if delta >= 0 {
            let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(UInt64(delta))
            return Instant(nanoseconds: overflow ? .max : sum)
        }
        let magnitude = delta.magnitude
        return Instant(nanoseconds: lhs.nanoseconds > magnitude ? lhs.nanoseconds - magnitude : 0)
    }

    @inlinable public static func - (lhs: Instant, rhs: Duration) -> Instant { lhs + (.zero - rhs) }

    @inlinable public static func - (lhs: Instant, rhs: Instant) -> Duration {
        if lhs.nanoseconds >= rhs.nanoseconds {
            return .nanoseconds(Int64(clamping: lhs.nanoseconds - rhs.nanoseconds))
        }
        return .zero - .nanoseconds(Int64(clamping: rhs.nanoseconds - lhs.nanoseconds))
    }

    public var description: String {
        let ms = Double(nanoseconds) / 1_000_000
        return "\(ms)ms"
    }
}

extension Duration {
    /// Whole nanoseconds, clamped to `Int64`: enough for 292 years either way.
    @inlinable public var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }

    /// Milliseconds as a clamped duration; Toxiproxy's attributes are integer milliseconds.
    @inlinable public static func clampedMilliseconds(_ ms: Int64) -> Duration {
        let limit: Int64 = 9_223_372_036_854  // Int64.max nanoseconds expressed in ms
        return .milliseconds(min(max(ms, -limit), limit))
    }

    /// Microseconds as a clamped duration (slicer's delay unit).
    @inlinable public static func clampedMicroseconds(_ us: Int64) -> Duration {
        let limit: Int64 = 9_223_372_036_854_775
        return .microseconds(min(max(us, -limit), limit))
    }
}
