/// `latency`: delays every event by latency ± jitter milliseconds from the time it arrived, keeping order.
///
/// Each event (chunk or `.end`, which so stays behind the data) gets `latency + U` ms, U a uniform integer in
/// [-jitter, jitter-1] drawn from the toxic's own generator when jitter > 0; a negative total means no delay.
/// It leaves at `max(previous release, arrival + delay)`: pipelined from arrival, never overtaking. The next
/// toxic receives it at its release time, so stacked latencies add up.
///
/// With Faultline's `distribution` or `correlation` set (anything but uniform without correlation), U is instead a
/// netem `Distribution` sample with sigma = jitter, in nanoseconds: the delays then lean on the previous ones, and
/// order is still kept. Unset, the draws are Toxiproxy's integer ones above, so existing seeds replay unchanged.
///
/// Update: the new settings apply to held events too. Their release times are recomputed from their arrival
/// times with fresh draws, oldest first and still in order; whatever that makes due is released at once.
/// Identical settings change nothing.
public struct Latency: Toxic {
    public typealias Attributes = LatencyAttributes

    public private(set) var attributes: Attributes
    private var generator: SplitMix64
    /// netem's shaped, correlated jitter; nil for Toxiproxy's uniform integer jitter.
    private var sampler: Distribution?
    private var queue = HoldQueue()
    /// Release time of the newest scheduled event: later events never leave before it.
    private var lastRelease = Instant.zero
    /// Release time of the newest event already emitted: the floor when held events are re-timed.
    private var lastEmitted = Instant.zero

    public init(_ attributes: Attributes, seed: UInt64) {
        self.attributes = attributes
        self.generator = SplitMix64(seed: seed)
        self.sampler = attributes.spread?.makeDistribution()
    }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        let release = max(lastRelease, now + Self.delay(attributes, using: &generator, sampler: &sampler))
        lastRelease = release
        if queue.isEmpty, release <= now {
            lastEmitted = release
            out.append(.emit(event))
            return
        }
        queue.append(event, release: release, received: now)
        releaseDue(now: now, into: &out)
    }

    /// No delay configured (latency and jitter ≤ 0, so no draw either) and nothing held: a chunk leaves at once.
    public func canPass(_ count: Int, now: Instant) -> Bool {
        queue.isEmpty && attributes.latency <= 0 && attributes.jitter <= 0
    }

    public mutating func pass(_ count: Int, now: Instant) {
        lastRelease = max(lastRelease, now)
        lastEmitted = lastRelease
    }

    public var nextWake: Instant? { queue.first?.release }

    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {
        releaseDue(now: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [ToxicAction]) {
        queue.drain(into: &out)
    }

    public var heldBytes: Int { queue.byteCount }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard case .latency(let attributes) = kind else { return false }
        // Unchanged settings (a PATCH of toxicity or name only) must not disturb what is in flight.
        guard attributes != self.attributes else { return true }
        // A new shape or correlation starts its correlation afresh; new delays alone keep it.
        if attributes.spread != self.attributes.spread { sampler = attributes.spread?.makeDistribution() }
        self.attributes = attributes
        var floor = lastEmitted
        var draws = generator
        var shaped = sampler
        queue.retime { entry in
            entry.release = max(floor, entry.received + Self.delay(attributes, using: &draws, sampler: &shaped))
            floor = entry.release
        }
        generator = draws
        sampler = shaped
        lastRelease = floor
        releaseDue(now: now, into: &out)
        return true
    }

    private mutating func releaseDue(now: Instant, into out: inout [ToxicAction]) {
        while let entry = queue.popDue(now: now) {
            lastEmitted = entry.release
            out.append(.emit(entry.event))
        }
    }

    /// One delay: a `sampler` draw (mu = latency, sigma = jitter, in nanoseconds) when there is one, else `latency +
    /// U`; never negative.
    static func delay(
        _ attributes: Attributes, using generator: inout SplitMix64, sampler: inout Distribution?
    ) -> Duration {
        guard sampler != nil else { return delay(attributes, using: &generator) }
        let mu = attributes.latency.multipliedReportingOverflow(by: 1_000_000)
        let sigma = max(attributes.jitter, 0).multipliedReportingOverflow(by: 1_000_000)
        let nanoseconds = sampler?.sample(
            mu: mu.overflow ? (attributes.latency > 0 ? .max : .min) : mu.partialValue,
            sigma: sigma.overflow ? .max : sigma.partialValue, using: &generator) ?? 0
        return .nanoseconds(max(nanoseconds, 0))
    }

    /// `latency + U` as a duration, never negative; every Int64 input is clamped rather than trapping.
    static func delay(_ attributes: Attributes, using generator: inout SplitMix64) -> Duration {
        var milliseconds = attributes.latency
        if attributes.jitter > 0 {
            let jitter = UInt64(attributes.jitter)
            // 2 × jitter ≤ 2^64 − 2, so the span always fits in UInt64.
            let draw = generator.next(upperBound: 2 &* jitter)
            let offset = draw >= jitter ? Int64(draw - jitter) : -Int64(jitter - draw)
            let (sum, overflow) = milliseconds.addingReportingOverflow(offset)
            milliseconds = overflow ? (offset > 0 ? .max : .min) : sum
        }
        return milliseconds > 0 ? .clampedMilliseconds(milliseconds) : .zero
    }
}
