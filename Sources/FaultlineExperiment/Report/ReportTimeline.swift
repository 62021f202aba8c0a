/// Each probe's measurements per second of the run: what the HTML report's charts draw.

/// Fixed-width buckets from t0; every probe has the same number, `ceil(durationMs / bucketMs)`.
public struct ReportTimeline: Equatable, Sendable {
    /// One second: fine enough to see a fault land, coarse enough that a long run stays small.
    public static let defaultBucketMs: Int64 = 1000

    public var bucketMs: Int64
    /// In the report's probe order.
    public var probes: [ProbeSeries]

    public init(bucketMs: Int64 = Self.defaultBucketMs, probes: [ProbeSeries] = []) {
        self.bucketMs = bucketMs
        self.probes = probes
    }

    /// The series of `probe`, if the timeline has one.
    public func series(_ probe: String) -> ProbeSeries? { probes.first { $0.name == probe } }
}

/// One probe's buckets; bucket i holds the samples that ended in [i·bucketMs, (i+1)·bucketMs) from t0, the same
/// end-time rule the phases use (a sample that ends exactly when the run does falls in the last bucket).
public struct ProbeSeries: Equatable, Sendable {
    public var name: String
    public var buckets: [TimelineBucket]

    public init(name: String, buckets: [TimelineBucket]) {
        self.name = name
        self.buckets = buckets
    }
}

/// One second of one probe.
public struct TimelineBucket: Equatable, Sendable {
    public var samples: Int
    /// Samples that were not `ok` (error, timeout, slow): the error rate is `failed / samples`, as the success rate
    /// of a phase counts them.
    public var failed: Int
    /// Nearest-rank over the latencies of the bucket (timeouts at the timeout value); nil when none has a latency.
    /// Unlike a phase's statistics these are given for any number of samples: a bucket holds only a few.
    public var p50Ms: Int64?
    public var p99Ms: Int64?

    public init(samples: Int = 0, failed: Int = 0, p50Ms: Int64? = nil, p99Ms: Int64? = nil) {
        self.samples = samples
        self.failed = failed
        self.p50Ms = p50Ms
        self.p99Ms = p99Ms
    }

    /// failed / samples; nil for an empty bucket.
    public var errorRate: Double? { samples == 0 ? nil : Double(failed) / Double(samples) }
}
