/// A probe's samples summarised per bucket of time for the report's timeline.
import FaultlineCore

extension SampleLog {
    /// `count` buckets of `width` from `origin`, by each sample's end time; samples past the last bucket (ending at
    /// the very end of the run) count in the last one.
    func buckets(from origin: Instant, width: Duration, count: Int) -> [TimelineBucket] {
        guard count > 0 else { return [] }
        var buckets = Array(repeating: TimelineBucket(), count: count)
        var latencies = Array(repeating: [Duration](), count: count)
        let step = max(1, width.nanosecondsClamped)
        for sample in samples where sample.endedAt >= origin {
            let index = min(count - 1, Int((sample.endedAt - origin).nanosecondsClamped / step))
            buckets[index].samples += 1
            if sample.outcome != .ok { buckets[index].failed += 1 }
            if let latency = sample.latency { latencies[index].append(latency) }
        }
        for index in buckets.indices where !latencies[index].isEmpty {
            let sorted = latencies[index].sorted()
            buckets[index].p50Ms = Percentiles.nearestRank(sorted, percent: 50)?.wholeMilliseconds
            buckets[index].p99Ms = Percentiles.nearestRank(sorted, percent: 99)?.wholeMilliseconds
        }
        return buckets
    }
}
