/// The typed attributes of each datagram toxic type, with their defaults (used for keys a request leaves out).
// Units follow the rest of the API: delays in milliseconds, except duplicate's `gap` (microseconds, like slicer's
// delay), rates in KB/s of 1000 bytes, sizes in bytes, probabilities as fractions in [0, 1].

/// `latency`: delay each datagram by `latency` ± `jitter` ms drawn from `distribution`.
public struct DatagramLatencyAttributes: Equatable, Sendable {
    public var latency: Int64
    public var jitter: Int64
    /// The shape of the jitter and netem's correlation between successive draws.
    public var spread: LatencyDistributionAttributes
    /// True: a datagram whose draw is shorter may leave before earlier ones (netem's tfifo). False: never overtake.
    public var reorder: Bool

    public init(
        latency: Int64 = 0, jitter: Int64 = 0, spread: LatencyDistributionAttributes = .init(), reorder: Bool = true
    ) {
        self.latency = latency
        self.jitter = jitter
        self.spread = spread
        self.reorder = reorder
    }
}

/// Which chain decides `loss`.
public enum DatagramLossModel: String, CaseIterable, Equatable, Sendable {
    /// Simple Gilbert: mean loss `probability`, mean run of consecutive losses `burst` (netem's `gemodel p r`).
    case gilbert
    /// netem's 4-state chain (`loss state p13 p31 p32 p23 p14`).
    case state
}

/// `loss`: drop datagrams, independently or in bursts.
public struct DatagramLossAttributes: Equatable, Sendable {
    public var model: DatagramLossModel
    /// gilbert: mean fraction lost.
    public var probability: Double
    /// gilbert: mean length of a run of consecutive losses (≥ 1).
    public var burst: Double
    /// state: good → burst-loss (1 → 3); alone, the random loss rate.
    public var p13: Double
    /// state: burst-loss → good (3 → 1); when a create leaves it out, 1 − p13 (netem's default).
    public var p31: Double
    /// state: burst-loss → burst-good (3 → 2).
    public var p32: Double
    /// state: burst-good → burst-loss (2 → 3).
    public var p23: Double
    /// state: good → isolated loss (1 → 4).
    public var p14: Double

    public init(
        model: DatagramLossModel = .gilbert, probability: Double = 0.01, burst: Double = 1, p13: Double = 0.01,
        p31: Double? = nil, p32: Double = 0, p23: Double = 1, p14: Double = 0
    ) {
        self.model = model
        self.probability = probability
        self.burst = burst
        self.p13 = p13
        self.p31 = p31 ?? 1 - p13
        self.p32 = p32
        self.p23 = p23
        self.p14 = p14
    }
}

/// `duplicate`: with `probability`, send the datagram and one copy `gap` µs later.
public struct DatagramDuplicateAttributes: Equatable, Sendable {
    public var probability: Double
    public var gap: Int64

    public init(probability: Double = 0.01, gap: Int64 = 0) {
        self.probability = probability
        self.gap = gap
    }
}

/// `corrupt`: with `probability`, flip `bits` distinct random bits of the payload.
public struct DatagramCorruptAttributes: Equatable, Sendable {
    public var probability: Double
    public var bits: Int64

    public init(probability: Double = 0.01, bits: Int64 = 1) {
        self.probability = probability
        self.bits = bits
    }
}

/// `reorder`: netem's reorder with gap: `gap` − 1 datagrams wait `delay` ms, then each goes at once with
/// `probability` (which restarts the count) or waits too.
public struct DatagramReorderAttributes: Equatable, Sendable {
    public var probability: Double
    public var gap: Int64
    public var delay: Int64

    public init(probability: Double = 0.25, gap: Int64 = 1, delay: Int64 = 10) {
        self.probability = probability
        self.gap = gap
        self.delay = delay
    }
}

/// `bandwidth`: serialise at `rate` KB/s (0 = unlimited) behind a drop-tail queue of `queue` bytes, each datagram
/// costing its size plus `overhead` bytes.
public struct DatagramBandwidthAttributes: Equatable, Sendable {
    public var rate: Int64
    public var queue: Int64
    public var overhead: Int64

    public init(rate: Int64 = 0, queue: Int64 = 65_536, overhead: Int64 = 0) {
        self.rate = rate
        self.queue = queue
        self.overhead = overhead
    }
}

/// `mtu`: datagrams larger than `size` bytes are dropped, or cut to `size` with `truncate`.
public struct DatagramMTUAttributes: Equatable, Sendable {
    /// 1472: an Ethernet MTU of 1500 less the IPv4 and UDP headers.
    public var size: Int64
    public var truncate: Bool

    public init(size: Int64 = 1472, truncate: Bool = false) {
        self.size = size
        self.truncate = truncate
    }
}
