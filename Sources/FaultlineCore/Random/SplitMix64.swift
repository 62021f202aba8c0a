/// A tiny seedable generator (Steele et al.'s SplitMix64): every random choice in Faultline flows from one.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for a child stream (a connection, a direction, a toxic), independent of the parent's later draws.
    public mutating func derive() -> SplitMix64 { SplitMix64(seed: next()) }

    /// Mixes a label into a seed so that siblings derived from one seed differ.
    public static func mix(_ seed: UInt64, _ label: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: seed ^ (label &* 0xD6E8_FEB8_6659_FD93))
        return generator.next()
    }

    /// A uniform draw in [0, 1) with 53 bits of precision.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
