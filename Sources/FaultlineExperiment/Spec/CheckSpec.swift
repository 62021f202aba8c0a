/// The check grammar shared by tolerances and halt conditions: a success-rate bound and latency bounds.

/// Conditions on one probe's samples; every bound given must hold for the check to hold.
public struct CheckSpec: Equatable, Sendable {
    public var probe: String
    public var rate: RateBound?
    /// Latency upper bounds in `LatencyStatistic` order; each must stay below the probe's timeout.
    public var latency: [LatencyBound]

    public init(probe: String, rate: RateBound? = nil, latency: [LatencyBound] = []) {
        self.probe = probe
        self.rate = rate
        self.latency = latency
    }
}

/// `minSuccessRate` or `maxErrorRate` (a check gives at most one).
public enum RateBound: Equatable, Sendable {
    /// Holds when successRate ≥ the value.
    case minSuccessRate(Double)
    /// Holds when errorRate = 1 − successRate ≤ the value.
    case maxErrorRate(Double)

    /// The file key.
    public var key: String {
        switch self {
        case .minSuccessRate: "minSuccessRate"
        case .maxErrorRate: "maxErrorRate"
        }
    }

    public var limit: Double {
        switch self {
        case .minSuccessRate(let value), .maxErrorRate(let value): value
        }
    }
}

/// A nearest-rank statistic of the latencies.
public enum LatencyStatistic: String, CaseIterable, Equatable, Sendable {
    case p50, p95, p99, max

    /// The percentile rank: 50, 95, 99, or 100 for the maximum.
    public var percent: Int {
        switch self {
        case .p50: 50
        case .p95: 95
        case .p99: 99
        case .max: 100
        }
    }
}

/// `"p95": "800ms"`: the statistic must be at most the limit.
public struct LatencyBound: Equatable, Sendable {
    public var statistic: LatencyStatistic
    public var limit: Duration

    public init(_ statistic: LatencyStatistic, _ limit: Duration) {
        self.statistic = statistic
        self.limit = limit
    }
}

/// A check with a rolling window that halts the run and rolls back when it is violated.
public struct HaltSpec: Equatable, Sendable {
    public var check: CheckSpec
    /// The check looks at the probe's samples that ended in the last `window`.
    public var window: Duration
    /// The check is not evaluated until the window holds this many samples.
    public var minSamples: Int
    public var armed: HaltArming

    public init(check: CheckSpec, window: Duration, minSamples: Int = 5, armed: HaltArming = .injection) {
        self.check = check
        self.window = window
        self.minSamples = minSamples
        self.armed = armed
    }
}

/// When a halt condition is evaluated.
public enum HaltArming: String, Equatable, Sendable {
    /// From the first injection until the last removal.
    case injection
    /// Also during the baseline (a trip there is `baseline-failed`) and the recovery phase.
    case always
}
