/// Adding, updating and removing toxics on a live link without losing bytes.
///
/// Toxicity is rolled when a toxic joins the link and re-rolled only when that toxic's own toxicity changes,
/// never because a neighbour changed. Each roll takes exactly one draw from the link's generator, whatever
/// the toxicity, so one toxic's settings never shift another toxic's random stream.
extension Link {
    /// The outcome of one toxicity roll: whether the toxic applies, and the seed of its own generator.
    public struct Roll: Equatable, Sendable {
        public var applies: Bool
        public var seed: UInt64
    }

    /// Rolls for `spec`. With `spec.seed`, the toxic's randomness comes from that seed mixed with this link's
    /// draw (so connections still differ, and replay when the link generators do).
    public static func roll(_ spec: ToxicSpec, using rng: inout SplitMix64) -> Roll {
        roll(toxicity: spec.toxicity, seed: spec.seed, using: &rng)
    }

    /// The roll itself, shared with `DatagramLink`: one draw from `rng`, whatever the toxicity.
    public static func roll(toxicity: Float, seed: UInt64?, using rng: inout SplitMix64) -> Roll {
        let draw = rng.next()
        var generator = SplitMix64(seed: seed.map { SplitMix64.mix($0, draw) } ?? draw)
        // toxicity ≥ 1 always applies, ≤ 0 or NaN never: draws are in [0, 1) and NaN compares false.
        let applies = generator.nextUnitDouble() < Double(toxicity)
        return Roll(applies: applies, seed: generator.next())
    }

    /// Appends a toxic at the end of the chain; returns whether the roll applied it to this link.
    @discardableResult
    public mutating func append(
        _ spec: ToxicSpec,
        now: Instant,
        rng: inout SplitMix64,
        into out: inout [ToxicAction]
    ) -> Bool {
        let roll = Self.roll(spec, using: &rng)
        append(spec, roll: roll, now: now)
        return roll.applies
    }

    /// Appends a toxic whose roll was made earlier (a connection that deferred building its toxics until
    /// data flowed); the result is the same as `append(_:now:rng:into:)` with that roll.
    public mutating func append(_ spec: ToxicSpec, roll: Roll, now: Instant) {
        let toxic: any Toxic = roll.applies ? spec.makeToxic(seed: roll.seed, now: now) : Passthrough()
        entries.append(Entry(spec: spec, applied: roll.applies, toxic: toxic))
    }

    /// Gives the toxic called `name` new settings; returns whether it now applies, nil when there is none.
    ///
    /// Same type: the toxic adopts the attributes and keeps its state. Another type: the old toxic is flushed
    /// downstream and replaced. A roll that flips to "not applied" flushes the held bytes downstream and
    /// leaves a `Passthrough`; one that flips to "applied" installs a fresh toxic.
    @discardableResult
    public mutating func update(
        name: String,
        to spec: ToxicSpec,
        now: Instant,
        rng: inout SplitMix64,
        into out: inout [ToxicAction]
    ) -> Bool? {
        guard let stage = entries.firstIndex(where: { $0.name == name }) else { return nil }
        let old = entries[stage]
        // Bit patterns, so that a NaN toxicity left unchanged does not count as a change.
        let reroll = old.spec.toxicity.bitPattern != spec.toxicity.bitPattern
        let roll = reroll ? Self.roll(spec, using: &rng) : nil
        let applies = roll?.applies ?? old.applied
        entries[stage].spec = spec
        entries[stage].applied = applies
        var buffer = takeScratch(stage)
        switch (old.applied, applies) {
        case (true, true):
            // A new schedule (or none) is a new stage: flushed and rebuilt, as for another type.
            let rebuilt = old.spec.options.schedule != spec.options.schedule || old.spec.sharedRate != spec.sharedRate
            if rebuilt || !entries[stage].toxic.update(to: spec.kind, now: now, into: &buffer) {
                let seed = roll?.seed ?? Self.roll(spec, using: &rng).seed
                entries[stage].toxic.flush(now: now, into: &buffer)
                entries[stage].toxic = spec.makeToxic(seed: seed, now: now)
            }
        case (true, false):
            entries[stage].toxic.flush(now: now, into: &buffer)
            entries[stage].toxic = Passthrough()
        case (false, true):
            entries[stage].toxic = spec.makeToxic(seed: roll?.seed ?? 0, now: now)
        case (false, false):
            break
        }
        forward(&buffer, after: stage, now: now, into: &out)
        returnScratch(stage, buffer)
        return applies
    }

    /// Removes the toxic called `name`, first flushing what it holds into the rest of the chain (a timeout
    /// closes the connection instead); returns false when there is none.
    @discardableResult
    public mutating func remove(name: String, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard let stage = entries.firstIndex(where: { $0.name == name }) else { return false }
        var buffer = takeScratch(stage)
        entries[stage].toxic.flush(now: now, into: &buffer)
        forward(&buffer, after: stage, now: now, into: &out)
        returnScratch(stage, buffer)
        entries.remove(at: stage)
        return true
    }
}
