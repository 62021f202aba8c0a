/// `bandwidth`: at most `rate` KB/s (1 KB = 1000 B) on this direction of this connection.
///
/// Output follows an ideal schedule: from `origin`, byte n may leave at `origin + n / rate` exactly. Each piece
/// leaves once the ideal time of its last byte has come, so late timers never add up to drift (the schedule is
/// not measured from when wakes fired). Chunks larger than `rate × 100` bytes leave in slices of that size,
/// ≤ 100 ms apart. The schedule restarts from the arrival time whenever the toxic was idle (nothing held).
/// `rate ≤ 0` lets nothing pass and never asks to wake; `wantsInput` turns false once a couple of slices are
/// held, so the reader stops and TCP pushes back on the sender instead of the proxy buffering.
///
/// A chunk the schedule would let out within `passLead` (1 ms) of its arrival, with nothing held, may go straight
/// through (`canPass`/`pass`): it still counts against the schedule, so the next bytes wait for it and the long
/// run stays exact (at most 1 ms ahead), but a rate above what the link carries costs the connection nothing.
///
/// Update: held data continues under the new rate from `now` (the schedule restarts there); the same rate
/// changes nothing.
public struct Bandwidth: Toxic {
    public typealias Attributes = BandwidthAttributes

    /// Above this (1 PB/s) the rate is unlimited in practice; the cap keeps the arithmetic from overflowing.
    static let maximumRate: Int64 = 1 << 40
    static let minimumBuffer = 64 * 1024
    /// How far ahead of its exact time a chunk may pass straight through.
    static let passLead: Duration = .milliseconds(1)

    public private(set) var attributes: Attributes
    private var queue = HoldQueue()
    /// Bytes of the head chunk already released.
    private var headOffset = 0
    private var origin = Instant.zero
    /// Bytes released since `origin`; kept below one millisecond's worth by moving `origin` forward.
    private var sent: Int64 = 0

    public init(_ attributes: Attributes) {
        self.attributes = attributes
    }

    /// Bytes per millisecond (KB/s and B/ms are the same number); 0 when nothing may pass.
    private var rate: Int64 { min(max(attributes.rate, 0), Self.maximumRate) }
    /// The most bytes released at once: 100 ms worth.
    private var sliceLimit: Int { Int(rate * 100) }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        restartIfIdle(at: now)
        queue.append(event, release: now, received: now)
        releaseDue(now: now, into: &out)
    }

    public func canPass(_ count: Int, now: Instant) -> Bool {
        guard rate > 0, queue.isEmpty, count <= sliceLimit else { return false }
        let start = max(idealTime(after: 0), now)  // `restartIfIdle` would start a schedule that fell behind at now
        return start + .nanoseconds(Int64(count) * 1_000_000 / rate) <= now + Self.passLead
    }

    public mutating func pass(_ count: Int, now: Instant) {
        restartIfIdle(at: now)
        account(count)
    }

    public var nextWake: Instant? {
        guard rate > 0, let entry = queue.first else { return nil }
        return idealTime(after: nextSliceSize(of: entry.event))
    }

    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {
        releaseDue(now: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [ToxicAction]) {
        if headOffset > 0, case .bytes(let bytes)? = queue.popFirst()?.event {
            out.append(.emit(.bytes(Array(bytes[headOffset...]))))
        }
        headOffset = 0
        queue.drain(into: &out)
    }

    public var heldBytes: Int { queue.byteCount - headOffset }

    public var wantsInput: Bool { heldBytes <= max(Self.minimumBuffer, 2 * sliceLimit) }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        // A proxy-wide rate is another toxic (`SharedBandwidth`): false, so the link replaces this one.
        guard case .bandwidth(let attributes) = kind, !attributes.isProxyWide else { return false }
        // Unchanged settings (a PATCH of toxicity or name only) must not disturb what is in flight.
        guard attributes != self.attributes else { return true }
        self.attributes = attributes
        restartSchedule(at: now)
        releaseDue(now: now, into: &out)
        return true
    }

    private mutating func restartSchedule(at now: Instant) {
        origin = now
        sent = 0
    }

    /// A new schedule when nothing is held and the old one fell behind (the sender was slower than the rate):
    /// unused bandwidth is not banked. One that is ahead (bytes passed early) continues, so they are paid for.
    private mutating func restartIfIdle(at now: Instant) {
        if queue.isEmpty && (rate <= 0 || idealTime(after: 0) < now) { restartSchedule(at: now) }
    }

    private func nextSliceSize(of event: StreamEvent) -> Int {
        min(event.byteCount - headOffset, sliceLimit)
    }

    /// When the ideal schedule has sent `sent + bytes` bytes.
    private func idealTime(after bytes: Int) -> Instant {
        let total = sent + Int64(bytes)
        let wholeMilliseconds = total / rate
        let remainder = total % rate
        return origin + .milliseconds(wholeMilliseconds) + .nanoseconds(remainder * 1_000_000 / rate)
    }

    private mutating func releaseDue(now: Instant, into out: inout [ToxicAction]) {
        guard rate > 0 else { return }
        while let entry = queue.first {
            let size = nextSliceSize(of: entry.event)
            guard idealTime(after: size) <= now else { return }
            account(size)
            guard case .bytes(let bytes) = entry.event, size < bytes.count - headOffset else {
                // The whole (rest of the) event goes: no copy when it was never sliced.
                out.append(.emit(headOffset == 0 ? entry.event : .bytes(Array(entry.event.suffix(headOffset)))))
                headOffset = 0
                _ = queue.popFirst()
                continue
            }
            out.append(.emit(.bytes(Array(bytes[headOffset..<(headOffset + size)]))))
            headOffset += size
        }
    }

    private mutating func account(_ bytes: Int) {
        sent += Int64(bytes)
        origin = origin + .milliseconds(sent / rate)
        sent %= rate
    }
}

extension StreamEvent {
    /// The payload from `offset` on (empty for `.end`).
    fileprivate func suffix(_ offset: Int) -> ArraySlice<UInt8> {
        guard case .bytes(let bytes) = self else { return [] }
        return bytes[offset...]
    }
}
