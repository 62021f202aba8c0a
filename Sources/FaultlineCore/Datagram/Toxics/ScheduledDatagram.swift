/// `schedule` on a datagram toxic: the wrapped toxic acts during its on phases and lets datagrams by otherwise.
///
/// The sibling of `Scheduled` (see it for the rules): phases run from the toxic's creation, an off edge flushes the
/// toxic as removal does (what it holds from the client goes on at once), an on edge builds a fresh one seeded
/// from this stage's generator, and the session's toxicity roll is kept across flaps. A spec made outside the
/// server (no creation instant) starts its phases at the first datagram or wake-up. Counters of every phase add up.
public struct ScheduledDatagram: DatagramToxic {
    private var kind: DatagramToxicKind
    private let schedule: ToxicSchedule
    private var start: Instant?
    private var generator: SplitMix64
    private var inner: (any DatagramToxic)?
    /// The next edge (the start itself until the first phase is known).
    private var edge: Instant
    private var retired = DatagramCounters()

    public init(kind: DatagramToxicKind, schedule: ToxicSchedule, createdAt: Instant?, seed: UInt64) {
        self.kind = kind
        self.schedule = schedule
        start = createdAt
        generator = SplitMix64(seed: seed)
        edge = createdAt ?? .zero
    }

    public mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        advance(to: now, into: &out)
        if inner != nil {
            inner?.receive(datagram, now: now, into: &out)
        } else {
            out.append(datagram)
        }
    }

    public var nextWake: Instant? {
        guard let wake = inner?.nextWake else { return edge }
        return min(wake, edge)
    }

    public mutating func wake(now: Instant, into out: inout [UDPDatagram]) {
        if let due = inner?.nextWake, due <= now { inner?.wake(now: now, into: &out) }
        advance(to: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [UDPDatagram]) {
        retire(now: now, into: &out)
    }

    public var heldBytes: Int { inner?.heldBytes ?? 0 }

    public var counters: DatagramCounters {
        var total = retired
        if let inner { total += inner.counters }
        return total
    }

    public mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool {
        guard kind.typeName == self.kind.typeName else { return false }
        self.kind = kind
        if inner?.update(to: kind, now: now, into: &out) == false {
            retire(now: now, into: &out)
            inner = kind.makeToxic(seed: generator.next())
        }
        return true
    }

    private mutating func advance(to now: Instant, into out: inout [UDPDatagram]) {
        guard now >= edge else { return }
        let origin = start ?? now
        start = origin
        let phase = schedule.phase(at: now, since: origin)
        edge = phase.next
        if phase.active, inner == nil {
            inner = kind.makeToxic(seed: generator.next())
        } else if !phase.active {
            retire(now: now, into: &out)
        }
    }

    private mutating func retire(now: Instant, into out: inout [UDPDatagram]) {
        guard inner != nil else { return }
        inner?.flush(now: now, into: &out)
        if let inner { retired += inner.counters }
        inner = nil
    }
}
