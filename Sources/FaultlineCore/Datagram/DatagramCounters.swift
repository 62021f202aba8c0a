/// What the toxics of a datagram link did: datagrams dropped, by cause, and datagrams altered, by kind.
///
/// Toxics count as they act; a link sums its toxics' counters and keeps those of removed toxics, so a session's
/// totals never go backwards. Plain fields rather than a dictionary: the sum is taken on every metrics scrape.
public struct DatagramCounters: Equatable, Sendable {
    /// Dropped by `loss`.
    public var lost: UInt64 = 0
    /// Dropped by `blackhole`.
    public var blackholed: UInt64 = 0
    /// Dropped by `mtu` for being larger than `size`.
    public var oversized: UInt64 = 0
    /// Dropped by `bandwidth` because its queue was full (drop-tail).
    public var queueOverflow: UInt64 = 0
    /// Dropped at the link's entrance because the link already held its limit of bytes.
    public var overLimit: UInt64 = 0
    /// Extra copies sent by `duplicate`.
    public var duplicated: UInt64 = 0
    /// Datagrams whose bits `corrupt` flipped.
    public var corrupted: UInt64 = 0
    /// Datagrams `mtu` cut down to `size`.
    public var truncated: UInt64 = 0
    /// Datagrams `reorder` sent ahead of datagrams it was holding.
    public var reordered: UInt64 = 0

    public init() {}

    /// Every datagram dropped, whatever the cause.
    public var dropped: UInt64 { lost &+ blackholed &+ oversized &+ queueOverflow &+ overLimit }

    public static func + (lhs: DatagramCounters, rhs: DatagramCounters) -> DatagramCounters {
        var sum = lhs
        sum += rhs
        return sum
    }

    public static func += (lhs: inout DatagramCounters, rhs: DatagramCounters) {
        lhs.lost &+= rhs.lost
        lhs.blackholed &+= rhs.blackholed
        lhs.oversized &+= rhs.oversized
        lhs.queueOverflow &+= rhs.queueOverflow
        lhs.overLimit &+= rhs.overLimit
        lhs.duplicated &+= rhs.duplicated
        lhs.corrupted &+= rhs.corrupted
        lhs.truncated &+= rhs.truncated
        lhs.reordered &+= rhs.reordered
    }
}
