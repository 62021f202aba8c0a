/// netem's correlated uniform generator (`get_crandom` in the kernel's sch_netem.c), driven by a `SplitMix64`.
///
/// netem scales a correlation c in [0, 1] to ρ = rint(c·(2³²−1)) and answers
/// `(fresh·(2³² − (ρ+1)) + last·(ρ+1)) >> 32`, remembering the answer as `last`: an exponentially weighted moving
/// average of fresh 32-bit uniforms. `last` starts as one fresh draw (netem draws it when the option is set; here it
/// is drawn just before the first correlated value, so an uncorrelated generator takes exactly one draw per value).
///
/// The known quirk, kept for compatibility: this is not a uniform variable with correlation c. Its lag-1
/// autocorrelation is c, but its values are an average, so they bunch towards the middle: the spread shrinks by
/// √((1−c)/(1+c)) (c = 0.25 → ×0.775, c = 0.5 → ×0.577) and the shape is no longer flat. Every use inherits it:
/// a jittered delay with correlation has less spread than its `jitter` says, and a probability compared against
/// the value (netem's `loss 1% 25%`) fires less often than configured when below ½. netem's man page says as much:
/// "This isn't a true statistical correlation, but an approximation". At c = 1 the value never changes again.
/// Faultline's `loss` uses Gilbert–Elliott or the 4-state chain for bursts instead, which have exact rates.
public struct CorrelatedUniform: Equatable, Sendable {
    /// netem's scaled correlation: 0 = independent draws, 2³²−1 = frozen.
    public let rho: UInt32
    /// The previous answer; nil until the first correlated draw.
    public private(set) var last: UInt32?

    /// `correlation` in [0, 1]; NaN reads as 0, values outside are clamped.
    public init(correlation: Double) {
        let clamped = correlation.isNaN ? 0 : min(max(correlation, 0), 1)
        rho = UInt32((clamped * Double(UInt32.max)).rounded(.toNearestOrEven))
    }

    /// The next 32-bit value; one draw from `generator` (two for the first correlated value).
    public mutating func next(using generator: inout SplitMix64) -> UInt32 {
        guard rho != 0 else { return Self.fresh(&generator) }
        let previous = UInt64(last ?? Self.fresh(&generator))
        let value = UInt64(Self.fresh(&generator))
        let weight = UInt64(rho) + 1
        // Both products stay below 2⁶⁴, and so does their sum: it is at most (2³²−1)·2³².
        let answer = UInt32(truncatingIfNeeded: (value * ((1 << 32) - weight) + previous * weight) >> 32)
        last = answer
        return answer
    }

    /// A fresh uniform 32-bit value: the high half of one SplitMix64 output.
    static func fresh(_ generator: inout SplitMix64) -> UInt32 {
        UInt32(truncatingIfNeeded: generator.next() >> 32)
    }
}
