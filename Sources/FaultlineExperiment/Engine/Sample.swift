/// One probe sample as the engine keeps it, classified from what the runner observed.
import FaultlineCore

/// What the runner saw when a sample ended; the engine decides `slow` and `timeout` from the probe's limits.
public enum ProbeResult: Equatable, Sendable {
    /// Connected, expected status and body, or expected exit code.
    case success(latency: Duration)
    /// Refused, reset, bad status, body mismatch, wrong exit code. Fast failures have no latency.
    case failure(reason: String, latency: Duration?)
    /// The runner aborted the sample at the probe's timeout.
    case timedOut
    /// An http probe's `result`, with the status of the response it judged (counted per phase in the report).
    indirect case answered(status: Int, ProbeResult)
}

/// `ok`, `error`, `timeout` or `slow` (the report's words).
public enum SampleOutcome: String, Equatable, Sendable {
    case ok, error, timeout, slow
}

/// A classified sample; the latency of a timeout is exactly the probe's timeout (a lower bound).
struct Sample: Equatable, Sendable {
    var endedAt: Instant
    var outcome: SampleOutcome
    var latency: Duration?
    var reason: String?
    /// The HTTP status an http probe's sample received.
    var status: Int?

    init(endedAt: Instant, outcome: SampleOutcome, latency: Duration?, reason: String? = nil) {
        self.endedAt = endedAt
        self.outcome = outcome
        self.latency = latency
        self.reason = reason
    }

    /// A success at or past the timeout counts as a timeout (the runner raced its own deadline);
    /// a success past `maxLatency` is `slow`, with its latency kept.
    init(_ result: ProbeResult, probe: ProbeSpec, endedAt: Instant) {
        switch result {
        case .success(let latency):
            if latency >= probe.timeout {
                self.init(endedAt: endedAt, outcome: .timeout, latency: probe.timeout)
            } else if let limit = probe.maxLatency, latency > limit {
                self.init(endedAt: endedAt, outcome: .slow, latency: latency)
            } else {
                self.init(endedAt: endedAt, outcome: .ok, latency: latency)
            }
        case .failure(let reason, let latency):
            self.init(
                endedAt: endedAt, outcome: .error, latency: latency.map { min($0, probe.timeout) }, reason: reason)
        case .timedOut:
            self.init(endedAt: endedAt, outcome: .timeout, latency: probe.timeout)
        case .answered(let status, let result):
            self.init(result, probe: probe, endedAt: endedAt)
            self.status = status
        }
    }
}
