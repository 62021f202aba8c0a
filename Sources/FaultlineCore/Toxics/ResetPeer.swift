/// `reset_peer`: the first chunk (dropped) starts a `timeout` ms wait, after which the connection is reset.
///
/// Data after the first chunk is dropped too; `.end` passes while nothing has arrived (so a half-close before
/// any data still propagates) and is dropped once the reset is pending. With no data nothing ever happens.
/// Update: a pending reset is re-timed as first-data time plus the new timeout (at once if that has passed).
/// Removal cancels a pending reset; the bytes it dropped stay dropped.
public struct ResetPeer: Toxic {
    public typealias Attributes = ResetPeerAttributes

    public private(set) var attributes: Attributes
    /// When the first chunk arrived; nil until then.
    private var triggered: Instant?
    private var fired = false

    public init(_ attributes: Attributes) {
        self.attributes = attributes
    }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        guard triggered == nil, !fired else { return }
        if event == .end {
            out.append(.emit(.end))
            return
        }
        triggered = now
        wake(now: now, into: &out)
    }

    public var nextWake: Instant? {
        guard !fired, let triggered else { return nil }
        return triggered + .clampedMilliseconds(max(attributes.timeout, 0))
    }

    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {
        guard let due = nextWake, due <= now else { return }
        fired = true
        out.append(.reset)
    }

    public mutating func flush(now: Instant, into out: inout [ToxicAction]) {
        triggered = nil
    }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard case .resetPeer(let attributes) = kind else { return false }
        self.attributes = attributes
        wake(now: now, into: &out)
        return true
    }
}
