/// One rate shared by many senders: back-to-back slots on a single timeline, handed out in the order asked for.
///
/// A sender with bytes to send asks for a slot (`reserve`): it starts where the last slot handed out ends, or at
/// `earliest` if the timeline is idle by then, and lasts `bytes / rate`; the bytes may leave when it ends. Slots
/// never overlap, so all senders together never exceed the rate (apart from catching up a late timer, at most one
/// slot). A sender that holds at most one slot at a time and asks again only when it ends is served round robin:
/// with n busy senders each gets rate / n, and one that asks less (an idle or slow connection) leaves its share to
/// the others — max-min fairness, without anyone tracking who is busy. A sender that still has bytes when its
/// slot ends passes that end as `earliest` for the next, so a late wake-up does not lose time when it is alone.
public struct SharedRateSchedule: Sendable {
    /// Bytes per millisecond (KB/s: 1 KB = 1000 B); ≤ 0 lets nothing pass.
    public private(set) var rate: Int64
    /// The end of the last slot handed out.
    public private(set) var nextFree = Instant.zero

    public init(rate: Int64) {
        self.rate = min(rate, Bandwidth.maximumRate)
    }

    /// A slot for `bytes` bytes starting no earlier than `earliest`: the instant they may leave, or nil while the
    /// rate lets nothing pass.
    public mutating func reserve(_ bytes: Int, earliest: Instant) -> Instant? {
        guard rate > 0 else { return nil }
        let start = max(nextFree, earliest)
        let length = Int64(bytes)
        let end = start + .milliseconds(length / rate) + .nanoseconds(length % rate * 1_000_000 / rate)
        nextFree = end
        return end
    }

    /// A new rate for the slots asked for from now on (those handed out keep their ends).
    public mutating func setRate(_ rate: Int64) {
        self.rate = min(rate, Bandwidth.maximumRate)
    }
}

/// Where a proxy-wide `bandwidth` toxic gets its slots: one object shared by every connection of the toxic, on
/// every loop. The server's is a `SharedRateSchedule` behind a mutex; `LocalRateAllocator` serves one thread.
public protocol RateAllocator: AnyObject {
    /// `SharedRateSchedule.reserve`.
    func reserve(_ bytes: Int, earliest: Instant) -> Instant?
    /// The current rate in bytes per millisecond.
    var rate: Int64 { get }
}

/// A `RateAllocator` confined to one thread: unit tests, and a proxy-wide bandwidth made outside the server.
public final class LocalRateAllocator: RateAllocator {
    public private(set) var schedule: SharedRateSchedule

    public init(rate: Int64) {
        schedule = SharedRateSchedule(rate: rate)
    }

    public func reserve(_ bytes: Int, earliest: Instant) -> Instant? {
        schedule.reserve(bytes, earliest: earliest)
    }

    public var rate: Int64 { schedule.rate }

    public func setRate(_ rate: Int64) { schedule.setRate(rate) }
}

/// The allocator a stored proxy-wide `bandwidth` carries to every loop; equal only to itself.
public struct SharedRate: Equatable, Sendable {
    public let allocator: any RateAllocator & Sendable

    public init(_ allocator: any RateAllocator & Sendable) {
        self.allocator = allocator
    }

    public static func == (lhs: SharedRate, rhs: SharedRate) -> Bool { lhs.allocator === rhs.allocator }
}
