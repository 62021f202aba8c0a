/// Range checks for datagram toxic attributes: a bad value is a 400 naming the field, checked in key order.
extension DatagramToxicKind {
    /// Delays and jitter: an hour is far past anything a UDP peer waits for.
    public static let maximumMilliseconds: Int64 = 3_600_000
    /// The largest `rate`: 10^9 KB/s (8 Tbit/s), far above any loop's reach.
    public static let maximumRate: Int64 = 1_000_000_000
    /// The largest `queue`: 1 GiB.
    public static let maximumQueue: Int64 = 1 << 30
    /// The largest `bits`: enough to garble any header, small enough to pick distinct positions cheaply.
    public static let maximumBits: Int64 = 1024
    /// The largest `gap` of `reorder`.
    public static let maximumGap: Int64 = 1_000_000

    /// Throws `.invalidValue` naming the first attribute out of range.
    public func validate() throws(FaultlineError) {
        switch self {
        case .latency(let a):
            try Self.check(a.latency, in: 0...Self.maximumMilliseconds, "latency", unit: " milliseconds")
            try Self.check(a.jitter, in: 0...Self.maximumMilliseconds, "jitter", unit: " milliseconds")
            try a.spread.validate()
        case .loss(let a):
            try Self.probability(a.probability, "probability")
            guard a.burst >= 1 else { throw .invalidValue(field: "attributes.burst", reason: "must be at least 1") }
            for (key, value) in [("p13", a.p13), ("p31", a.p31), ("p32", a.p32), ("p23", a.p23), ("p14", a.p14)] {
                try Self.probability(value, key)
            }
            // The chain's rows must be probabilities: leaving state 1 by p13 or p14, state 3 by p31 or p32.
            guard a.p13 + a.p14 <= 1 else {
                throw .invalidValue(field: "attributes.p14", reason: "p13 + p14 must not exceed 1")
            }
            guard a.p31 + a.p32 <= 1 else {
                throw .invalidValue(field: "attributes.p32", reason: "p31 + p32 must not exceed 1")
            }
        case .duplicate(let a):
            try Self.probability(a.probability, "probability")
            try Self.check(a.gap, in: 0...Self.maximumMilliseconds * 1000, "gap", unit: " microseconds")
        case .corrupt(let a):
            try Self.probability(a.probability, "probability")
            try Self.check(a.bits, in: 1...Self.maximumBits, "bits", unit: "")
        case .reorder(let a):
            try Self.probability(a.probability, "probability")
            try Self.check(a.gap, in: 1...Self.maximumGap, "gap", unit: "")
            // netem refuses reordering without delay: nothing could be overtaken.
            try Self.check(a.delay, in: 1...Self.maximumMilliseconds, "delay", unit: " milliseconds")
        case .bandwidth(let a):
            try Self.check(a.rate, in: 0...Self.maximumRate, "rate", unit: " KB/s")
            try Self.check(a.queue, in: 0...Self.maximumQueue, "queue", unit: " bytes")
            // Negative overheads model stripped or compressed headers, as netem allows.
            try Self.check(a.overhead, in: -65_535...65_535, "overhead", unit: " bytes")
        case .mtu(let a):
            try Self.check(a.size, in: 0...65_535, "size", unit: " bytes")
        case .blackhole:
            break
        }
    }

    private static func probability(_ value: Double, _ key: String) throws(FaultlineError) {
        guard (0...1).contains(value) else {
            throw .invalidValue(field: "attributes.\(key)", reason: "must be between 0 and 1")
        }
    }

    private static func check(
        _ value: Int64, in range: ClosedRange<Int64>, _ key: String, unit: String
    ) throws(FaultlineError) {
        guard range.contains(value) else {
            throw .invalidValue(
                field: "attributes.\(key)",
                reason: "must be between \(range.lowerBound) and \(range.upperBound)\(unit)")
        }
    }
}
