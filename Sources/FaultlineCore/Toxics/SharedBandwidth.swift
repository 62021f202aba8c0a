/// `bandwidth` with `scope: "proxy"`: one `rate` shared fairly by every connection of the proxy, on every loop.
///
/// Each direction of each connection is one sender on the toxic's `RateAllocator` (see `SharedRateSchedule`): it
/// holds what it read, asks for one slot at a time for the next slice of what it holds (10 ms of the rate, at least
/// one MSS, at most what it holds, across chunk boundaries), and releases the slice when the slot ends. So the proxy's
/// connections share the rate round robin, and an idle one leaves its share to the busy ones. `.end` costs nothing
/// and leaves behind the data. `wantsInput` turns false once two slices (or 64 KiB) are held, so TCP pushes back
/// on the senders instead of the proxy buffering.
///
/// Never transparent (`canPass` is false): every byte takes a slot, or the shared total would be exceeded by
/// whatever went straight through. A slot handed out and not used (the toxic removed, the connection closed) is
/// lost to everyone, at most one slice per sender.
public struct SharedBandwidth: Toxic {
    public typealias Attributes = BandwidthAttributes

    static let sliceDuration: Int64 = 10
    static let minimumSlice = 1448

    public private(set) var attributes: Attributes
    private let allocator: any RateAllocator
    private var queue = HoldQueue()
    /// Bytes of the head chunk already released.
    private var headOffset = 0
    /// The slot held for the head's next slice: when it ends and how many bytes it covers.
    private var slot: (end: Instant, bytes: Int)?
    /// The end of the slot just used while more bytes wait: where the next slot may start.
    private var chained: Instant?

    public init(_ attributes: Attributes, allocator: any RateAllocator) {
        self.attributes = attributes
        self.allocator = allocator
    }

    private var sliceLimit: Int {
        let rate = max(allocator.rate, 0)
        return max(Self.minimumSlice, Int(clamping: rate.multipliedReportingOverflow(by: Self.sliceDuration).partialValue))
    }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        queue.append(event, release: now, received: now)
        releaseDue(now: now, into: &out)
    }

    public var nextWake: Instant? { slot?.end }

    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {
        releaseDue(now: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [ToxicAction]) {
        if headOffset > 0, case .bytes(let bytes)? = queue.popFirst()?.event {
            out.append(.emit(.bytes(Array(bytes[headOffset..<bytes.count]))))
        }
        headOffset = 0
        slot = nil
        chained = nil
        queue.drain(into: &out)
    }

    public var heldBytes: Int { queue.byteCount - headOffset }

    public var wantsInput: Bool { heldBytes <= max(64 * 1024, 2 * sliceLimit) }

    /// Another rate on the same shared allocator (the server changed the allocator's rate); a change of scope is
    /// another toxic (false).
    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard case .bandwidth(let attributes) = kind, attributes.isProxyWide else { return false }
        self.attributes = attributes
        releaseDue(now: now, into: &out)
        return true
    }

    /// Releases what the slots that ended by `now` cover and asks for the next one. A slot covers the held bytes
    /// across chunk boundaries (up to one slice), so a connection writing many small chunks gets as much per turn as
    /// one writing large ones.
    private mutating func releaseDue(now: Instant, into out: inout [ToxicAction]) {
        while true {
            releaseLeadingEnds(into: &out)
            let pending = heldBytes
            guard pending > 0 else { break }
            if slot == nil {
                let bytes = min(pending, sliceLimit)
                guard let end = allocator.reserve(bytes, earliest: chained ?? now) else { return }
                slot = (end, bytes)
            }
            guard let current = slot, current.end <= now else { return }
            slot = nil
            chained = current.end
            release(current.bytes, into: &out)
        }
        chained = nil  // idle: the next chunk's slot starts no earlier than it arrives
    }

    /// `.end` costs no slot: it leaves as soon as every byte before it has.
    private mutating func releaseLeadingEnds(into out: inout [ToxicAction]) {
        while let entry = queue.first, case .end = entry.event {
            _ = queue.popFirst()
            out.append(.emit(.end))
        }
    }

    /// Emits the next `count` held bytes: whole chunks as they are, the last one cut where the slot ends.
    private mutating func release(_ count: Int, into out: inout [ToxicAction]) {
        var remaining = count
        while remaining > 0, let entry = queue.first {
            guard case .bytes(let bytes) = entry.event else {
                _ = queue.popFirst()
                out.append(.emit(entry.event))
                continue
            }
            let take = min(bytes.count - headOffset, remaining)
            remaining -= take
            if headOffset == 0 && take == bytes.count {
                out.append(.emit(entry.event))
                _ = queue.popFirst()
                continue
            }
            out.append(.emit(.bytes(Array(bytes[headOffset..<(headOffset + take)]))))
            headOffset += take
            if headOffset == bytes.count {
                headOffset = 0
                _ = queue.popFirst()
            }
        }
    }
}
