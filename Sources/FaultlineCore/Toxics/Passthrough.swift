/// The identity stage that stands in for a toxic whose toxicity roll said "not this connection".
///
/// It never adopts a kind: when the roll flips, the link replaces it with the real toxic.
public struct Passthrough: Toxic {
    public init() {}

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        out.append(.emit(event))
    }

    public func canPass(_ count: Int, now: Instant) -> Bool { true }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        false
    }
}
