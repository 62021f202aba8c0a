/// The points a probe's chart draws: one per second of the timeline, or per few seconds for very long runs.

struct ChartPoint: Equatable {
    var fromMs: Int64
    var toMs: Int64
    var samples: Int
    var failed: Int
    var p50Ms: Int64?
    var p99Ms: Int64?

    var midMs: Int64 { fromMs + (toMs - fromMs) / 2 }
    var errorRate: Double? { samples == 0 ? nil : Double(failed) / Double(samples) }

    /// Past this many points a chart merges neighbouring seconds: a two-hour run still draws a reasonable page.
    static let maxPoints = 1200

    /// The points of `series` over a run of `durationMs`, and how many buckets each stands for. A merged point
    /// keeps the worst p99 of its seconds and the median of their p50s, and counts all their samples.
    static func points(
        _ series: ProbeSeries?, bucketMs: Int64, durationMs: Int64
    ) -> (points: [ChartPoint], group: Int) {
        guard let buckets = series?.buckets, !buckets.isEmpty else { return ([], 1) }
        let group = (buckets.count + maxPoints - 1) / maxPoints
        var points: [ChartPoint] = []
        for start in stride(from: 0, to: buckets.count, by: group) {
            let slice = buckets[start..<min(buckets.count, start + group)]
            let p50s = slice.compactMap(\.p50Ms).sorted()
            points.append(
                ChartPoint(
                    fromMs: Int64(start) * bucketMs, toMs: min(durationMs, Int64(start + slice.count) * bucketMs),
                    samples: slice.reduce(0) { $0 + $1.samples }, failed: slice.reduce(0) { $0 + $1.failed },
                    p50Ms: p50s.isEmpty ? nil : p50s[(p50s.count - 1) / 2], p99Ms: slice.compactMap(\.p99Ms).max()))
        }
        return (points, group)
    }
}
