/// `noop`: the toxic type that passes everything through unchanged (creatable through the API).
public struct Noop: Toxic {
    public init() {}

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        out.append(.emit(event))
    }

    public func canPass(_ count: Int, now: Instant) -> Bool { true }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        kind == .noop
    }
}
