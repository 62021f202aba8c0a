/// `limit_data`: passes data until `bytes` bytes went through, cuts the chunk that crosses the limit, then
/// closes the connection. `bytes` ≤ 0 closes on the first chunk, sending nothing.
///
/// Update: the count of bytes already passed is kept. If the new limit is already reached, the connection
/// closes on the next chunk (as with a limit of 0), not at the moment of the update.
public struct LimitData: Toxic {
    public typealias Attributes = LimitDataAttributes

    public private(set) var attributes: Attributes
    /// Bytes passed so far; survives updates.
    public private(set) var passed: Int64 = 0
    private var closed = false

    public init(_ attributes: Attributes) {
        self.attributes = attributes
    }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        guard !closed else { return }
        guard case .bytes(let bytes) = event else {
            out.append(.emit(event))
            return
        }
        let room = max(attributes.bytes, 0) - passed  // passed ≥ 0, so this cannot overflow
        if Int64(bytes.count) < room {
            passed += Int64(bytes.count)
            out.append(.emit(event))
            return
        }
        let take = Int(max(room, 0))
        if take == bytes.count {
            out.append(.emit(event))
        } else if take > 0 {
            out.append(.emit(.bytes(Array(bytes[..<take]))))
        }
        passed += Int64(take)
        closed = true
        out.append(.close)
    }

    /// A chunk that stays below the limit passes whole; the one that reaches it is cut and closes, so it does not.
    public func canPass(_ count: Int, now: Instant) -> Bool {
        !closed && Int64(count) < max(attributes.bytes, 0) - passed
    }

    public mutating func pass(_ count: Int, now: Instant) { passed += Int64(count) }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard case .limitData(let attributes) = kind else { return false }
        self.attributes = attributes
        return true
    }
}
