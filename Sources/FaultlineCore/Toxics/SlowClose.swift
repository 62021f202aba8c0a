/// `slow_close`: data passes at once; the end of the stream is held `delay` milliseconds.
///
/// Update: a held end is re-timed as its arrival time plus the new delay (released at once if that has
/// passed). Removal releases a held end at once.
public struct SlowClose: Toxic {
    public typealias Attributes = SlowCloseAttributes

    public private(set) var attributes: Attributes
    /// When the held `.end` arrived; nil while none is held.
    private var endReceived: Instant?

    public init(_ attributes: Attributes) {
        self.attributes = attributes
    }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        guard event == .end else {
            out.append(.emit(event))
            return
        }
        endReceived = now
        releaseDue(now: now, into: &out)
    }

    /// Data always passes at once; only the end is held.
    public func canPass(_ count: Int, now: Instant) -> Bool { endReceived == nil }

    public var nextWake: Instant? {
        endReceived.map { $0 + .clampedMilliseconds(max(attributes.delay, 0)) }
    }

    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {
        releaseDue(now: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [ToxicAction]) {
        guard endReceived != nil else { return }
        endReceived = nil
        out.append(.emit(.end))
    }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard case .slowClose(let attributes) = kind else { return false }
        self.attributes = attributes
        releaseDue(now: now, into: &out)
        return true
    }

    private mutating func releaseDue(now: Instant, into out: inout [ToxicAction]) {
        guard let due = nextWake, due <= now else { return }
        flush(now: now, into: &out)
    }
}
