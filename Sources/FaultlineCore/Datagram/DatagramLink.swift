/// The datagram toxics of one direction of one UDP session, in order, with the routing of datagrams between them.
///
/// The sibling of `Link`. A datagram enters toxic 0; every datagram toxic i emits goes straight to toxic i+1 at
/// the same `now`, and the last toxic's emits are the link's output, which leaves at `now`. Routing is depth
/// first, so output keeps the order in which things happened. Datagrams are moved from stage to stage, never
/// retained twice, so a toxic that changes bytes does so in place unless a duplicate really shares them.
///
/// Memory: while the toxics hold `heldLimit` bytes or more (payload plus `UDPDatagram.heldOverhead` each), a new
/// datagram is dropped at the entrance and counted as `overLimit` — netem's `limit`, in bytes. The limit may be
/// passed by at most one datagram.
public struct DatagramLink {
    /// One stage: the configured toxic, whether its toxicity roll applied it, and what runs in its place.
    public struct Entry {
        public var name: String { spec.name }
        public internal(set) var spec: DatagramToxicSpec
        /// False when the roll said "not this session": `toxic` is then a passthrough.
        public internal(set) var applied: Bool
        var toxic: any DatagramToxic
    }

    /// The default `heldLimit`: 4 MiB, the TCP direction budget's order of magnitude.
    public static let defaultHeldLimit = 4 << 20

    public internal(set) var entries: [Entry] = []
    public let heldLimit: Int
    /// The link's own counts (`overLimit`) plus those of toxics since removed or replaced.
    var retired = DatagramCounters()
    /// One reusable output buffer per stage, so routing allocates nothing in the steady state.
    private var scratch: [[UDPDatagram]] = []

    public init(heldLimit: Int = DatagramLink.defaultHeldLimit) {
        self.heldLimit = heldLimit
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var names: [String] { entries.map(\.name) }

    /// Takes one datagram read from the source socket at time `now`; what leaves at once is appended to `out`.
    public mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        guard !entries.isEmpty else {
            out.append(datagram)
            return
        }
        guard heldBytes < heldLimit else {
            retired.overLimit &+= 1
            return
        }
        feed(datagram, to: 0, now: now, into: &out)
    }

    /// The earliest wake-up any toxic wants.
    public var nextWake: Instant? {
        var earliest: Instant?
        for stage in entries.indices {
            if let wake = entries[stage].toxic.nextWake, earliest.map({ wake < $0 }) ?? true { earliest = wake }
        }
        return earliest
    }

    /// Wakes every due toxic, first to last; an earlier toxic's release reaches later ones in the same pass.
    public mutating func wake(now: Instant, into out: inout [UDPDatagram]) {
        for stage in entries.indices {
            guard let due = entries[stage].toxic.nextWake, due <= now else { continue }
            var buffer = takeScratch(stage)
            entries[stage].toxic.wake(now: now, into: &buffer)
            forward(&buffer, after: stage, now: now, into: &out)
            returnScratch(stage, buffer)
        }
    }

    /// Bytes held by all toxics together.
    public var heldBytes: Int {
        var total = 0
        for stage in entries.indices { total += entries[stage].toxic.heldBytes }
        return total
    }

    /// Everything dropped and altered on this link since it was made, removed toxics included.
    public var counters: DatagramCounters {
        var total = retired
        for stage in entries.indices { total += entries[stage].toxic.counters }
        return total
    }

    /// Hands `datagram` to the toxic at `stage`, or to the output past the last one.
    mutating func feed(_ datagram: consuming UDPDatagram, to stage: Int, now: Instant, into out: inout [UDPDatagram]) {
        guard stage < entries.count else {
            out.append(datagram)
            return
        }
        var buffer = takeScratch(stage)
        entries[stage].toxic.receive(datagram, now: now, into: &buffer)
        forward(&buffer, after: stage, now: now, into: &out)
        returnScratch(stage, buffer)
    }

    /// Passes what the toxic at `stage` emitted to the next stage, moving each datagram out of the buffer.
    mutating func forward(
        _ buffer: inout [UDPDatagram], after stage: Int, now: Instant, into out: inout [UDPDatagram]
    ) {
        var index = 0
        while index < buffer.count {
            var datagram = UDPDatagram.placeholder
            swap(&datagram, &buffer[index])
            feed(consume datagram, to: stage + 1, now: now, into: &out)
            index += 1
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Borrows the stage's buffer; stages below it may be borrowed meanwhile, never the same one twice.
    mutating func takeScratch(_ stage: Int) -> [UDPDatagram] {
        while scratch.count <= stage { scratch.append([]) }
        var buffer: [UDPDatagram] = []
        swap(&buffer, &scratch[stage])
        return buffer
    }

    mutating func returnScratch(_ stage: Int, _ buffer: [UDPDatagram]) {
        scratch[stage] = buffer
    }
}
