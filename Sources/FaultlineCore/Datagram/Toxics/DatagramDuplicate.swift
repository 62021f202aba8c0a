/// `duplicate`: with `probability`, a datagram goes on and one copy follows `gap` microseconds later.
///
/// One uniform draw per datagram from the toxic's own generator. The original is never delayed; the copy shares
/// its bytes (no copy of the payload is made) and leaves `gap` µs later — at once, right behind it, with gap 0.
/// A copy is counted as `duplicated` when it leaves. netem sends its duplicate through the whole qdisc again, so
/// with netem's own delay the copy gets a fresh delay; here, put `latency` after `duplicate` for that.
///
/// Update: later datagrams use the new settings; pending copies keep their times. Removal discards copies not yet
/// sent: they are the fault's, not the client's.
public struct DatagramDuplicate: DatagramToxic {
    public private(set) var attributes: DatagramDuplicateAttributes
    private var generator: SplitMix64
    private var copies = DatagramQueue()
    public private(set) var counters = DatagramCounters()

    public init(_ attributes: DatagramDuplicateAttributes, seed: UInt64) {
        self.attributes = attributes
        self.generator = SplitMix64(seed: seed)
    }

    public mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        release(now: now, into: &out)
        let duplicated = generator.nextUnitDouble() < attributes.probability
        guard duplicated else {
            out.append(datagram)
            return
        }
        let copy = copy datagram
        out.append(datagram)
        if attributes.gap <= 0 {
            counters.duplicated &+= 1
            out.append(copy)
        } else {
            copies.insert(copy, release: now + .clampedMicroseconds(attributes.gap))
        }
    }

    public var nextWake: Instant? { copies.nextRelease }

    public mutating func wake(now: Instant, into out: inout [UDPDatagram]) {
        release(now: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [UDPDatagram]) {
        copies = DatagramQueue()
    }

    public var heldBytes: Int { copies.heldBytes }

    public mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool {
        guard case .duplicate(let attributes) = kind else { return false }
        self.attributes = attributes
        return true
    }

    private mutating func release(now: Instant, into out: inout [UDPDatagram]) {
        while let copy = copies.popDue(now: now) {
            counters.duplicated &+= 1
            out.append(copy)
        }
    }
}
