/// The result of one bound of a check over a set of samples, as the report's hypothesis rows show it.

/// One bound evaluated: `checkout p99 2.00s > 1.50s` is `check "p99"`, limit 1.5 s, observed 2 s, not met.
public struct CheckOutcome: Equatable, Sendable {
    public var probe: String
    /// `minSuccessRate`, `maxErrorRate`, `p50`, `p95`, `p99` or `max`.
    public var check: String
    public var limit: CheckValue
    /// Nil: too few samples to say ("insufficient"), which never meets a tolerance and never trips a halt.
    public var observed: CheckValue?
    public var met: Bool

    public init(probe: String, check: String, limit: CheckValue, observed: CheckValue?, met: Bool) {
        self.probe = probe
        self.check = check
        self.limit = limit
        self.observed = observed
        self.met = met
    }

    /// A measured value that breaks the bound (insufficient data is not a violation).
    public var isViolation: Bool { observed != nil && !met }
}

/// A rate or a latency.
public enum CheckValue: Equatable, Sendable {
    case rate(Double)
    case latency(Duration)
}

extension CheckSpec {
    /// Every bound of the check over `stats`, rate first, then latencies in p50, p95, p99, max order.
    public func evaluate(_ stats: SampleStats) -> [CheckOutcome] {
        var outcomes: [CheckOutcome] = []
        if let rate {
            switch rate {
            case .minSuccessRate(let limit):
                let observed = stats.successRate
                outcomes.append(
                    CheckOutcome(
                        probe: probe, check: rate.key, limit: .rate(limit), observed: observed.map(CheckValue.rate),
                        met: observed.map { $0 >= limit } ?? false
                    )
                )
            case .maxErrorRate(let limit):
                let observed = stats.errorRate
                outcomes.append(
                    CheckOutcome(
                        probe: probe, check: rate.key, limit: .rate(limit), observed: observed.map(CheckValue.rate),
                        met: observed.map { $0 <= limit } ?? false
                    )
                )
            }
        }
        for bound in latency {
            let observed = stats.value(bound.statistic)
            outcomes.append(
                CheckOutcome(
                    probe: probe, check: bound.statistic.rawValue, limit: .latency(bound.limit),
                    observed: observed.map(CheckValue.latency), met: observed.map { $0 <= bound.limit } ?? false
                )
            )
        }
        return outcomes
    }
}
