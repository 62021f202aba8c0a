/// `reorder`: netem's `reorder P gap N` with a `delay`: after N − 1 delayed datagrams, each goes at once with
/// probability P (and the count restarts) or waits `delay` ms like the others.
///
/// As `netem_enqueue()` in sch_netem.c decides it: a counter of datagrams delayed since the last one sent at once;
/// while it is below `gap` − 1 the datagram waits (no draw is taken); from there on, one uniform draw per datagram:
/// below `probability` it leaves at once, overtaking every datagram still waiting, and the counter restarts;
/// otherwise it waits and the counter grows. So `probability` 1, `gap` 5 sends every 5th datagram at once and
/// delays the other four ("the gap method", predictable); `gap` 1 sends each datagram at once with probability P.
/// netem refuses reordering without a delay, since nothing could be overtaken; `delay` is this toxic's own (≥ 1 ms).
/// Datagrams that overtook at least one waiting datagram are counted as `reordered`.
///
/// Update: the counter and the waiting datagrams (with their times) are kept. Removal releases them at once.
public struct DatagramReorder: DatagramToxic {
    public private(set) var attributes: DatagramReorderAttributes
    private var generator: SplitMix64
    private var waiting = DatagramQueue()
    /// Datagrams delayed since the last one sent at once (netem's `counter`).
    private var delayedInARow: Int64 = 0
    public private(set) var counters = DatagramCounters()

    public init(_ attributes: DatagramReorderAttributes, seed: UInt64) {
        self.attributes = attributes
        self.generator = SplitMix64(seed: seed)
    }

    public mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        waiting.releaseDue(now: now, into: &out)
        let atOnce = delayedInARow >= attributes.gap - 1 && generator.nextUnitDouble() < attributes.probability
        if atOnce {
            delayedInARow = 0
            if !waiting.isEmpty { counters.reordered &+= 1 }
            out.append(datagram)
        } else {
            delayedInARow &+= 1
            waiting.insert(datagram, release: now + .clampedMilliseconds(attributes.delay))
        }
    }

    public var nextWake: Instant? { waiting.nextRelease }

    public mutating func wake(now: Instant, into out: inout [UDPDatagram]) {
        waiting.releaseDue(now: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [UDPDatagram]) {
        waiting.drain(into: &out)
    }

    public var heldBytes: Int { waiting.heldBytes }

    public mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool {
        guard case .reorder(let attributes) = kind else { return false }
        self.attributes = attributes
        return true
    }
}
