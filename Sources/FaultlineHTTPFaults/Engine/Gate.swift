/// A point in one direction's output that nothing may pass before its release time: an HTTP delay.
import FaultlineCore

/// One delay fault's share of a gate, kept apart so that removing the toxic can take its share back.
struct DelayShare: Equatable {
    var rule: Int
    var amount: Duration
}

/// Released at `base` plus the sum of its shares (delays of the same phase add up).
struct Gate: Equatable {
    /// When the head that caused it arrived.
    var base: Instant
    var shares: [DelayShare]

    var releaseAt: Instant {
        var total = Duration.zero
        for share in shares { total += share.amount }
        return base + total
    }

    /// Drops the shares of `rule`; returns whether any were dropped.
    mutating func removeShares(of rule: Int) -> Bool {
        let before = shares.count
        shares.removeAll { $0.rule == rule }
        return shares.count != before
    }
}
