/// `latency` for datagrams: each waits `latency` ± `jitter` ms drawn from netem's distributions; may reorder.
///
/// Each datagram's delay is one `Distribution` sample (mu = latency, sigma = jitter, in nanoseconds, so jitter
/// below a millisecond still varies), floored at zero. With `reorder` (the default, as netem's tfifo) a datagram
/// leaves at arrival + delay, so a shorter draw overtakes earlier datagrams; ties leave in arrival order. With
/// `reorder: false` it leaves at max(previous release, arrival + delay): pipelined, never overtaking (netem with a
/// pfifo child). Sigma 0 takes no draws, so a plain delay consumes no randomness.
///
/// Update: later datagrams use the new settings; held ones keep their release times, as netem's `tc qdisc change`
/// keeps queued packets' `time_to_send`. The distribution's correlation state restarts only when the shape or
/// correlation changes. Removal releases everything held at once, in release order.
public struct DatagramLatency: DatagramToxic {
    public private(set) var attributes: DatagramLatencyAttributes
    private var generator: SplitMix64
    private var distribution: Distribution
    private var queue = DatagramQueue()
    /// The latest release time scheduled: the floor for `reorder: false`.
    private var lastRelease = Instant.zero

    public init(_ attributes: DatagramLatencyAttributes, seed: UInt64) {
        self.attributes = attributes
        self.generator = SplitMix64(seed: seed)
        self.distribution = attributes.spread.makeDistribution()
    }

    public mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        let nanoseconds = distribution.sample(
            mu: attributes.latency &* 1_000_000, sigma: attributes.jitter &* 1_000_000, using: &generator)
        var release = now + .nanoseconds(max(nanoseconds, 0))
        if !attributes.reorder { release = max(release, lastRelease) }
        lastRelease = max(lastRelease, release)
        // What is due goes first (a late timer), so a datagram due now never passes one due earlier.
        queue.releaseDue(now: now, into: &out)
        if release <= now {
            out.append(datagram)
        } else {
            queue.insert(datagram, release: release)
        }
    }

    public var nextWake: Instant? { queue.nextRelease }

    public mutating func wake(now: Instant, into out: inout [UDPDatagram]) {
        queue.releaseDue(now: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [UDPDatagram]) {
        queue.drain(into: &out)
    }

    public var heldBytes: Int { queue.heldBytes }

    public var counters: DatagramCounters { DatagramCounters() }

    public mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool {
        guard case .latency(let attributes) = kind else { return false }
        if attributes.spread != self.attributes.spread { distribution = attributes.spread.makeDistribution() }
        self.attributes = attributes
        return true
    }
}
