/// Counts, success rate and nearest-rank latency statistics over a set of samples (a phase or a window).

/// A summary of samples; a statistic is nil ("insufficient") below `minimumForPercentiles` latencies.
public struct SampleStats: Equatable, Sendable {
    /// Fewer latencies than this report `insufficient` instead of a number.
    public static let minimumForPercentiles = 5

    public var samples = 0
    public var ok = 0
    public var errors = 0
    public var timeouts = 0
    public var slow = 0
    /// Ticks skipped because the previous sample was still running (not samples).
    public var skipped = 0
    public var p50: Duration?
    public var p95: Duration?
    public var p99: Duration?
    public var max: Duration?
    /// Samples by the HTTP status they received (http probes; empty for others).
    public var statuses: [Int: Int] = [:]

    public init() {}

    /// ok / samples; nil with no samples.
    public var successRate: Double? { samples == 0 ? nil : Double(ok) / Double(samples) }

    /// (samples − ok) / samples, computed directly so that it compares exactly with limits such as 0.2.
    public var errorRate: Double? { samples == 0 ? nil : Double(samples - ok) / Double(samples) }

    public func value(_ statistic: LatencyStatistic) -> Duration? {
        switch statistic {
        case .p50: p50
        case .p95: p95
        case .p99: p99
        case .max: max
        }
    }

    init(_ samples: some Sequence<Sample>, skipped: Int = 0) {
        var latencies: [Duration] = []
        for sample in samples {
            self.samples += 1
            switch sample.outcome {
            case .ok: ok += 1
            case .error: errors += 1
            case .timeout: timeouts += 1
            case .slow: slow += 1
            }
            if let latency = sample.latency { latencies.append(latency) }
            if let status = sample.status { statuses[status, default: 0] += 1 }
        }
        self.skipped = skipped
        guard latencies.count >= Self.minimumForPercentiles else { return }
        latencies.sort()
        p50 = Percentiles.nearestRank(latencies, percent: 50)
        p95 = Percentiles.nearestRank(latencies, percent: 95)
        p99 = Percentiles.nearestRank(latencies, percent: 99)
        max = Percentiles.nearestRank(latencies, percent: 100)
    }
}
