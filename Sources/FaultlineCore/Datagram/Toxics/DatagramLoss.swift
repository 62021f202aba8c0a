/// `loss` for datagrams: drops them in Gilbert bursts (mean rate and mean run length) or by netem's 4-state chain.
///
/// `model: "gilbert"` uses `GilbertLoss` (the TCP `loss` toxic's chain: stationary loss `probability`, runs of
/// consecutive losses geometric with mean `burst`; burst 1 is independent loss). `model: "state"` uses
/// `FourStateLoss` with netem's p13, p31, p32, p23, p14. Either way one uniform draw per datagram from the
/// toxic's own generator, so a seed replays the same drops. Dropped datagrams are counted as `lost`.
///
/// Update: the chains keep their state (a burst in progress continues under the new exit rates); switching model
/// keeps each chain's state for when it is used again. Nothing is ever held.
public struct DatagramLoss: DatagramToxic {
    public private(set) var attributes: DatagramLossAttributes
    private var generator: SplitMix64
    private var gilbert: GilbertLoss
    private var fourState: FourStateLoss
    public private(set) var counters = DatagramCounters()

    public init(_ attributes: DatagramLossAttributes, seed: UInt64) {
        self.attributes = attributes
        self.generator = SplitMix64(seed: seed)
        self.gilbert = GilbertLoss(probability: attributes.probability, burst: attributes.burst)
        self.fourState = FourStateLoss(
            p13: attributes.p13, p31: attributes.p31, p32: attributes.p32, p23: attributes.p23, p14: attributes.p14)
    }

    public mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        let lost =
            switch attributes.model {
            case .gilbert: gilbert.nextIsLost(using: &generator)
            case .state: fourState.nextIsLost(using: &generator)
            }
        if lost {
            counters.lost &+= 1
        } else {
            out.append(datagram)
        }
    }

    public mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool {
        guard case .loss(let a) = kind else { return false }
        attributes = a
        gilbert.setParameters(probability: a.probability, burst: a.burst)
        fourState.setParameters(p13: a.p13, p31: a.p31, p32: a.p32, p23: a.p23, p14: a.p14)
        return true
    }
}
