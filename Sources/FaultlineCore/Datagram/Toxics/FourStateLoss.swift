/// netem's 4-state Markov loss chain (Salsano et al.'s GI model, `loss state p13 p31 p32 p23 p14`).
///
/// States: 1 good reception in a gap, 2 good reception within a burst, 3 burst loss, 4 isolated loss. Each
/// datagram takes one uniform draw that moves the chain (as `loss_4state()` in sch_netem.c orders the tests:
/// from 1, p14 to 4 first, then p13 to 3; from 3, p32 to 2 first, then p31 to 1; from 2, p23 to 3; 4 always
/// returns to 1), and the datagram is lost when the new state is 3 or 4. The chain starts in state 1.
///
/// Stationary loss rate: with π1 = 1 / (1 + p14 + p13/p31 + p13·p32/(p31·p23)), loss = π1·(p13/p31 + p14)
/// (from the balance equations π4 = p14·π1, π3·p31 = p13·π1, π2·p23 = π3·p32). `stationaryLossRate` computes it.
public struct FourStateLoss: Equatable, Sendable {
    public enum State: Int, Sendable {
        case gapReceived = 1, burstReceived, burstLost, isolatedLost
    }

    public private(set) var state = State.gapReceived
    public private(set) var p13, p31, p32, p23, p14: Double

    public init(p13: Double, p31: Double, p32: Double, p23: Double, p14: Double) {
        (self.p13, self.p31, self.p32, self.p23, self.p14) = (p13, p31, p32, p23, p14)
    }

    /// Adopts new transition probabilities, keeping the state.
    public mutating func setParameters(p13: Double, p31: Double, p32: Double, p23: Double, p14: Double) {
        (self.p13, self.p31, self.p32, self.p23, self.p14) = (p13, p31, p32, p23, p14)
    }

    /// One datagram: moves the chain with one draw and says whether the datagram is lost.
    public mutating func nextIsLost(using generator: inout SplitMix64) -> Bool {
        let draw = generator.nextUnitDouble()
        switch state {
        case .gapReceived:
            if draw < p14 {
                state = .isolatedLost
            } else if draw < p14 + p13 {
                state = .burstLost
            }
        case .burstReceived:
            if draw < p23 { state = .burstLost }
        case .burstLost:
            if draw < p32 {
                state = .burstReceived
            } else if draw < p32 + p31 {
                state = .gapReceived
            }
        case .isolatedLost:
            state = .gapReceived
        }
        return state == .burstLost || state == .isolatedLost
    }

    /// The long-run fraction of datagrams lost. Where the chain can get stuck, the state it ends in decides:
    /// with p31 = 0 it never returns to 1 and alternates between 2 and 3 (loss p23/(p23 + p32), 1 if p32 = 0);
    /// with p23 = 0 (and p32 > 0) it ends in 2 and loses nothing.
    public var stationaryLossRate: Double {
        guard p13 > 0 || p14 > 0 else { return 0 }
        if p13 > 0, p31 == 0 { return p32 == 0 ? 1 : p23 / (p23 + p32) }
        if p13 > 0, p32 > 0, p23 == 0 { return 0 }
        let burstLost = p13 == 0 ? 0 : p13 / p31
        let burstReceived = p13 == 0 || p32 == 0 ? 0 : burstLost * p32 / p23
        let gapReceived = 1 / (1 + p14 + burstLost + burstReceived)
        return gapReceived * (burstLost + p14)
    }
}
