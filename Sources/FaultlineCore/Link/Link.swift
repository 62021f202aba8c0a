/// The toxics of one direction of one connection, in order, with the routing of events between them.
///
/// An event enters toxic 0; every `.emit` of toxic i goes straight to toxic i+1 at the same `now`, and the
/// last toxic's emits are the link's output. `.close` and `.reset` skip the rest of the chain and go to the
/// output at once. Routing is depth first, so the output keeps the order in which things happened (a chunk
/// emitted before a `.close` comes out before it). The link keeps passing events after a `.close`/`.reset`;
/// acting on those (tearing the connection down) is its owner's job.
public struct Link {
    /// One stage: the configured toxic, whether its toxicity roll applied it, and what runs in its place.
    public struct Entry {
        public var name: String { spec.name }
        public internal(set) var spec: ToxicSpec
        /// False when the roll said "not this connection": `toxic` is then a `Passthrough`.
        public internal(set) var applied: Bool
        var toxic: any Toxic
        /// What the toxic is doing, for /metrics: bytes in and out, and events it let out later than they came.
        public internal(set) var activity = ToxicActivity()

        init(spec: ToxicSpec, applied: Bool, toxic: any Toxic) {
            self.spec = spec
            self.applied = applied
            self.toxic = toxic
        }

        /// Bytes the toxic holds now.
        public var heldBytes: Int { toxic.heldBytes }
    }

    public internal(set) var entries: [Entry] = []
    /// One reusable action buffer per stage, so routing allocates nothing in the steady state.
    private var scratch: [[ToxicAction]] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var names: [String] { entries.map(\.name) }

    /// Takes one event from the socket side at time `now`.
    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        feed(event, to: 0, now: now, into: &out)
    }

    /// The earliest wake-up any toxic wants.
    public var nextWake: Instant? {
        var earliest: Instant?
        // Indices, not `for entry in entries`: that copied each entry (a spec with strings, an existential),
        // and these three are asked on every read and every wake.
        for stage in entries.indices {
            if let wake = entries[stage].toxic.nextWake, earliest.map({ wake < $0 }) ?? true { earliest = wake }
        }
        return earliest
    }

    /// Wakes every due toxic, first to last; an earlier toxic's release reaches later ones in the same pass,
    /// and each toxic's due time is read only when its turn comes.
    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {
        var stage = 0
        while stage < entries.count {
            if let due = entries[stage].toxic.nextWake, due <= now {
                var buffer = takeScratch(stage)
                entries[stage].toxic.wake(now: now, into: &buffer)
                entries[stage].activity.delayedEvents &+= UInt64(buffer.count)
                forward(&buffer, after: stage, now: now, into: &out)
                returnScratch(stage, buffer)
            }
            stage += 1
        }
    }

    /// Bytes held by all toxics together.
    public var heldBytes: Int {
        var total = 0
        for stage in entries.indices { total += entries[stage].toxic.heldBytes }
        return total
    }

    /// Whether a chunk of `count` bytes arriving at `now` would come out of every stage at once and unchanged
    /// (`Toxic.canPass`): the owner may then write it, or splice it, without routing it through the link.
    public func canPass(_ count: Int, now: Instant) -> Bool {
        for stage in entries.indices where !entries[stage].toxic.canPass(count, now: now) { return false }
        return true
    }

    /// Records a chunk that `canPass` allowed and that went straight through: every stage counts it.
    public mutating func pass(_ count: Int, now: Instant) {
        for stage in entries.indices {
            entries[stage].toxic.pass(count, now: now)
            entries[stage].activity.bytesIn &+= UInt64(count)
            entries[stage].activity.bytesOut &+= UInt64(count)
        }
    }

    /// False while any toxic asks the reader to pause (asked on every read, so a plain loop).
    public var wantsInput: Bool {
        for stage in entries.indices where !entries[stage].toxic.wantsInput { return false }
        return true
    }

    /// Hands `event` to the toxic at `stage`, or to the output past the last one.
    mutating func feed(_ event: StreamEvent, to stage: Int, now: Instant, into out: inout [ToxicAction]) {
        guard stage < entries.count else {
            out.append(.emit(event))
            return
        }
        if case .bytes(let bytes) = event { entries[stage].activity.bytesIn &+= UInt64(bytes.count) }
        var buffer = takeScratch(stage)
        entries[stage].toxic.receive(event, now: now, into: &buffer)
        forward(&buffer, after: stage, now: now, into: &out)
        returnScratch(stage, buffer)
    }

    /// Routes what the toxic at `stage` produced: emits to the next stage, endings to the output.
    mutating func forward(
        _ buffer: inout [ToxicAction],
        after stage: Int,
        now: Instant,
        into out: inout [ToxicAction]
    ) {
        var index = 0
        while index < buffer.count {
            switch buffer[index] {
            case .emit(let event):
                if case .bytes(let bytes) = event { entries[stage].activity.bytesOut &+= UInt64(bytes.count) }
                feed(event, to: stage + 1, now: now, into: &out)
            case .close, .reset: out.append(buffer[index])
            }
            index += 1
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Borrows the stage's buffer; stages below it may be borrowed meanwhile, never the same one twice.
    mutating func takeScratch(_ stage: Int) -> [ToxicAction] {
        while scratch.count <= stage { scratch.append([]) }
        var buffer: [ToxicAction] = []
        swap(&buffer, &scratch[stage])
        return buffer
    }

    mutating func returnScratch(_ stage: Int, _ buffer: [ToxicAction]) {
        scratch[stage] = buffer
    }
}
