/// Everything one probe measured during a run: its samples by end time and its skipped ticks.
import FaultlineCore

/// Samples are kept in `endedAt` order so windows and phases are contiguous slices.
struct SampleLog: Sendable {
    private(set) var samples: [Sample] = []
    /// Skipped ticks: the scheduled time of the first one of each run of skips, and how many.
    private(set) var skipped: [(at: Instant, count: Int)] = []

    mutating func append(_ sample: Sample) {
        var index = samples.count
        while index > 0, samples[index - 1].endedAt > sample.endedAt { index -= 1 }
        samples.insert(sample, at: index)
    }

    mutating func skip(at time: Instant, count: Int) {
        guard count > 0 else { return }
        skipped.append((time, count))
    }

    /// Samples that ended in `range`.
    func samples(in range: Range<Instant>) -> ArraySlice<Sample> {
        let lower = firstIndex { $0.endedAt >= range.lowerBound }
        let upper = firstIndex { $0.endedAt >= range.upperBound }
        return samples[lower..<max(lower, upper)]
    }

    /// Samples that ended in `range`, summarised with the ticks skipped in it.
    func stats(in range: Range<Instant>) -> SampleStats {
        let skips = skipped.filter { range.contains($0.at) }.reduce(0) { $0 + $1.count }
        return SampleStats(samples(in: range), skipped: skips)
    }

    /// The first sample at or after `time` that is not `ok`, or (when `limit` is given) took longer than `limit`:
    /// the sample that detects the fault, for the time to detect. An `ok` sample over the limit stays `ok` for
    /// every rate; only detection sees it.
    func firstFailure(from time: Instant, before end: Instant, slowerThan limit: Duration? = nil) -> Sample? {
        samples(in: time..<end).first { sample in
            if sample.outcome != .ok { return true }
            guard let limit, let latency = sample.latency else { return false }
            return latency > limit
        }
    }

    /// Binary search for the first sample matching a predicate that is monotone over `samples`.
    private func firstIndex(where predicate: (Sample) -> Bool) -> Int {
        var low = 0
        var high = samples.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(samples[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
