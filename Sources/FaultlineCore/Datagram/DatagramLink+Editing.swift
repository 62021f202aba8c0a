/// Adding, updating and removing datagram toxics on a live session link, with toxicity rolled per session.
///
/// The rules are `Link`'s: a toxic's toxicity is rolled when it joins the link and re-rolled only when its own
/// toxicity changes, each roll taking exactly one draw from the session's generator (`Link.roll`), so one toxic
/// never shifts another's random stream. Removal flushes what the toxic holds into the rest of the chain; its
/// counters are kept in the link's totals.
extension DatagramLink {
    /// Appends a toxic at the end of the chain; returns whether the roll applied it to this session.
    @discardableResult
    public mutating func append(_ spec: DatagramToxicSpec, now: Instant, rng: inout SplitMix64) -> Bool {
        let roll = Link.roll(toxicity: spec.toxicity, seed: spec.seed, using: &rng)
        append(spec, roll: roll)
        return roll.applies
    }

    /// Appends a toxic whose roll was made earlier (a session that builds its toxics lazily).
    public mutating func append(_ spec: DatagramToxicSpec, roll: Link.Roll) {
        let toxic: any DatagramToxic = roll.applies ? spec.makeToxic(seed: roll.seed) : DatagramPassthrough()
        entries.append(Entry(spec: spec, applied: roll.applies, toxic: toxic))
    }

    /// Gives the toxic called `name` new settings; returns whether it now applies, nil when there is none.
    ///
    /// Same type: the toxic adopts the attributes and keeps its state. Another type: the old toxic is flushed
    /// down the chain and replaced. A roll that flips to "not applied" flushes and leaves a passthrough; one that
    /// flips to "applied" installs a fresh toxic.
    @discardableResult
    public mutating func update(
        name: String, to spec: DatagramToxicSpec, now: Instant, rng: inout SplitMix64, into out: inout [UDPDatagram]
    ) -> Bool? {
        guard let stage = entries.firstIndex(where: { $0.name == name }) else { return nil }
        let old = entries[stage]
        // Bit patterns, so that a NaN toxicity left unchanged does not count as a change.
        let reroll = old.spec.toxicity.bitPattern != spec.toxicity.bitPattern
        let roll = reroll ? Link.roll(toxicity: spec.toxicity, seed: spec.seed, using: &rng) : nil
        let applies = roll?.applies ?? old.applied
        entries[stage].spec = spec
        entries[stage].applied = applies
        var buffer = takeScratch(stage)
        switch (old.applied, applies) {
        case (true, true):
            // A new schedule (or none) is a new stage: flushed and rebuilt, as for another type.
            let rebuilt = old.spec.options.schedule != spec.options.schedule
            if rebuilt || !entries[stage].toxic.update(to: spec.kind, now: now, into: &buffer) {
                let seed = roll?.seed ?? Link.roll(toxicity: spec.toxicity, seed: spec.seed, using: &rng).seed
                replace(stage, with: spec.makeToxic(seed: seed), now: now, into: &buffer)
            }
        case (true, false):
            replace(stage, with: DatagramPassthrough(), now: now, into: &buffer)
        case (false, true):
            entries[stage].toxic = spec.makeToxic(seed: roll?.seed ?? 0)
        case (false, false):
            break
        }
        forward(&buffer, after: stage, now: now, into: &out)
        returnScratch(stage, buffer)
        return applies
    }

    /// Removes the toxic called `name`, first flushing what it holds into the rest of the chain; false when there
    /// is none.
    @discardableResult
    public mutating func remove(name: String, now: Instant, into out: inout [UDPDatagram]) -> Bool {
        guard let stage = entries.firstIndex(where: { $0.name == name }) else { return false }
        var buffer = takeScratch(stage)
        replace(stage, with: DatagramPassthrough(), now: now, into: &buffer)
        forward(&buffer, after: stage, now: now, into: &out)
        returnScratch(stage, buffer)
        entries.remove(at: stage)
        return true
    }

    /// Flushes the toxic at `stage` into `buffer`, banks its counters and installs `toxic` in its place.
    private mutating func replace(
        _ stage: Int, with toxic: any DatagramToxic, now: Instant, into buffer: inout [UDPDatagram]
    ) {
        entries[stage].toxic.flush(now: now, into: &buffer)
        retired += entries[stage].toxic.counters
        entries[stage].toxic = toxic
    }
}
