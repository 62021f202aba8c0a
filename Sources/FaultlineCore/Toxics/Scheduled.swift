/// `schedule` on a TCP toxic: the wrapped toxic acts during its on phases and is transparent during its off phases.
///
/// Phases run from the toxic's creation (`ToxicOptions.createdAt`), so every connection on every loop flaps at the
/// same instants, whenever it was built. At an off edge the toxic is flushed as on removal (held bytes go on at
/// once, in order) and dropped; a `.close` it would send on removal (timeout's) is not sent, since the toxic is
/// only resting. At an on edge a fresh toxic is built, seeded from this stage's own generator, so each on phase
/// starts clean (a timeout's idle timer starts at the edge). The toxicity roll belongs to the link entry and is
/// kept across flaps. Edges are wake-ups, so they happen on time even when no data flows.
public struct Scheduled: Toxic {
    /// The toxic as configured, without its schedule (what each on phase builds).
    private var spec: ToxicSpec
    private let schedule: ToxicSchedule
    private let start: Instant
    private var generator: SplitMix64
    /// The toxic of the current on phase; nil while off.
    private var inner: (any Toxic)?
    /// The next edge.
    private var edge: Instant

    public init(_ spec: ToxicSpec, schedule: ToxicSchedule, seed: UInt64, now: Instant) {
        var bare = spec
        bare.options.schedule = nil
        self.spec = bare
        self.schedule = schedule
        start = spec.options.createdAt ?? now
        generator = SplitMix64(seed: seed)
        let phase = schedule.phase(at: now, since: start)
        edge = phase.next
        if phase.active { inner = bare.makeToxic(seed: generator.next(), now: now) }
    }

    /// Whether the current on phase's toxic exists (for tests).
    public var isActive: Bool { inner != nil }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        advance(to: now, into: &out)
        if inner != nil {
            inner?.receive(event, now: now, into: &out)
        } else {
            out.append(.emit(event))
        }
    }

    public var nextWake: Instant? {
        guard let wake = inner?.nextWake else { return edge }
        return min(wake, edge)
    }

    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {
        // What was due before the edge leaves first, through the toxic that held it.
        if let due = inner?.nextWake, due <= now { inner?.wake(now: now, into: &out) }
        advance(to: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [ToxicAction]) {
        inner?.flush(now: now, into: &out)
        inner = nil
    }

    public var heldBytes: Int { inner?.heldBytes ?? 0 }

    public var wantsInput: Bool { inner?.wantsInput ?? true }

    /// Same type: the settings apply now (to the current toxic) and to every later on phase.
    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard kind.typeName == spec.kind.typeName else { return false }
        spec.kind = kind
        advance(to: now, into: &out)
        guard inner != nil else { return true }
        if inner?.update(to: kind, now: now, into: &out) == false {
            inner?.flush(now: now, into: &out)
            inner = spec.makeToxic(seed: generator.next(), now: now)
        }
        return true
    }

    /// Off: transparent. On: as the toxic says. Across an edge not yet handled: no (`receive` handles it).
    public func canPass(_ count: Int, now: Instant) -> Bool {
        guard now < edge else { return false }
        return inner?.canPass(count, now: now) ?? true
    }

    public mutating func pass(_ count: Int, now: Instant) {
        inner?.pass(count, now: now)
    }

    /// Handles the edge that `now` has reached, if any. After a long stall only the current phase matters: an on
    /// phase that passed unseen built nothing and released nothing.
    private mutating func advance(to now: Instant, into out: inout [ToxicAction]) {
        guard now >= edge else { return }
        let phase = schedule.phase(at: now, since: start)
        edge = phase.next
        if phase.active, inner == nil {
            inner = spec.makeToxic(seed: generator.next(), now: now)
        } else if !phase.active, inner != nil {
            var flushed: [ToxicAction] = []
            inner?.flush(now: now, into: &flushed)
            inner = nil
            for action in flushed {
                if case .close = action { continue }
                out.append(action)
            }
        }
    }
}
