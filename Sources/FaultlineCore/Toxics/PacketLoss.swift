/// `packet_loss`: Toxiproxy's newer toxic (PR #739, merged after 2.12.0), which discards whole chunks.
///
/// Semantics read from upstream's `toxics/packet_loss.go`: each chunk (whatever one read returned) is dropped
/// with probability `loss_rate`, or `loss_rate + correlation` (at most 1) when the previous chunk was dropped:
/// a simplified Gilbert–Elliott model with additive correlation, one uniform draw per chunk from the toxic's
/// own generator. Both attributes are clamped to [0, 1] silently, as upstream does; an omitted `loss_rate` is 0
/// because upstream registers a zero-valued prototype (its PR text's "default 0.1" never took effect). `.end`
/// always passes, and nothing is ever held, so removal has nothing to flush. Dropping chunks corrupts the
/// byte stream; the `loss` toxic is the faithful alternative.
///
/// Update: the new rates apply from the next chunk; whether the previous chunk was dropped is kept.
public struct PacketLoss: Toxic {
    public typealias Attributes = PacketLossAttributes

    public private(set) var attributes: Attributes
    private var generator: SplitMix64
    private var previousDropped = false

    public init(_ attributes: Attributes, seed: UInt64) {
        self.attributes = attributes
        self.generator = SplitMix64(seed: seed)
    }

    /// The drop probability of the next chunk.
    public var dropProbability: Double {
        let rate = Self.clamp(attributes.lossRate)
        return previousDropped ? min(1, rate + Self.clamp(attributes.correlation)) : rate
    }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        guard case .bytes = event else {
            out.append(.emit(event))
            return
        }
        previousDropped = generator.nextUnitDouble() < dropProbability
        if !previousDropped { out.append(.emit(event)) }
    }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard case .packetLoss(let attributes) = kind else { return false }
        self.attributes = attributes
        return true
    }

    /// [0, 1], with NaN as 0 (a value built in code; the wire never yields one).
    static func clamp(_ value: Double) -> Double {
        value >= 0 ? min(value, 1) : 0
    }
}
