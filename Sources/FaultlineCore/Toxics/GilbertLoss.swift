/// Simple Gilbert loss: a two-state Markov chain over transmissions, lost exactly while in the bad state.
///
/// Stated as a tester thinks of it: mean loss `probability` (π) and mean run length of consecutive losses
/// `burst` (b). Internally r = 1/b (bad → good) and p = π·r/(1−π) (good → bad), netem's `gemodel p r` with
/// 1−h = 1 and 1−k = 0, whose stationary loss p/(p+r) is π and whose loss runs are geometric with mean 1/r.
/// No chain with mean loss π has runs shorter on average than 1/(1−π) (that is Bernoulli loss), so r is
/// capped at 1−π: a `burst` below 1/(1−π), including the usual 1, gives independent losses with
/// probability π. π ≤ 0 never loses (from the good state); π ≥ 1 always loses.
///
/// Each transmission takes exactly one uniform draw from the caller's generator: move the state, then report
/// it (netem's order).
public struct GilbertLoss: Equatable, Sendable {
    /// Good → bad probability per transmission.
    public private(set) var goodToBad: Double
    /// Bad → good probability per transmission.
    public private(set) var badToGood: Double
    /// The chain's state: true while transmissions are being lost.
    public private(set) var isBad = false

    public init(probability: Double, burst: Double) {
        (goodToBad, badToGood) = Self.parameters(probability: probability, burst: burst)
    }

    /// Adopts new parameters, keeping the state (a burst in progress continues under the new exit rate).
    public mutating func setParameters(probability: Double, burst: Double) {
        (goodToBad, badToGood) = Self.parameters(probability: probability, burst: burst)
    }

    /// One transmission: whether it is lost.
    public mutating func nextIsLost(using generator: inout SplitMix64) -> Bool {
        let draw = generator.nextUnitDouble()
        if isBad {
            if draw < badToGood { isBad = false }
        } else if draw < goodToBad {
            isBad = true
        }
        return isBad
    }

    /// (p, r) for mean loss π and mean burst b; NaN reads as no loss and as burst 1.
    static func parameters(probability: Double, burst: Double) -> (Double, Double) {
        guard probability > 0 else { return (0, 1) }
        guard probability < 1 else { return (1, 0) }
        let exit = min(1 / max(burst.isNaN ? 1 : burst, 1), 1 - probability)
        return (probability * exit / (1 - probability), exit)
    }
}
