/// One probe's chart as data: its axes, its points, the tolerance lines, faults, markers and timings to draw.

/// Everything is computed from the report here; `svg(index:)` (in `ProbeChart+SVG.swift`) only draws it.
struct ProbeChart {
    /// A latency tolerance on this probe: a dotted line at `ms`, named by its check (`p95`).
    struct Limit: Equatable {
        var check: String
        var ms: Int64
    }

    /// A span in the notes under the chart: the time to detect or to recover.
    struct Span: Equatable {
        var fromMs: Int64
        var toMs: Int64
        var label: String
    }

    let name: String
    let layout: ChartLayout
    let scale: NiceScale
    let points: [ChartPoint]
    /// How many seconds each point stands for (1 unless the run is very long).
    let secondsPerPoint: Int64
    let limits: [Limit]
    let bands: [FaultBand]
    let markers: [TimeMarker]
    /// The time to detect, or a note that nothing was detected (`fromMs == toMs`).
    let detection: Span?
    let recovery: Span?

    init(_ report: ExperimentReport, probe: String, bands: [FaultBand], markers: [TimeMarker]) {
        name = probe
        self.bands = bands
        self.markers = markers
        layout = ChartLayout(durationMs: report.durationMs, lanes: max(1, (bands.map(\.lane).max() ?? -1) + 1))
        let bucketMs = report.timeline?.bucketMs ?? ReportTimeline.defaultBucketMs
        let (points, group) = ChartPoint.points(
            report.timeline?.series(probe), bucketMs: bucketMs, durationMs: report.durationMs)
        self.points = points
        secondsPerPoint = Int64(group) * bucketMs / 1000
        var limits: [Limit] = []
        for row in report.hypothesis where row.outcome.probe == probe {
            guard case .latency(let limit) = row.outcome.limit else { continue }
            let line = Limit(check: row.outcome.check, ms: limit.wholeMilliseconds)
            if !limits.contains(line) { limits.append(line) }
        }
        self.limits = limits
        let highest = max(points.compactMap(\.p99Ms).max() ?? 0, limits.map(\.ms).max() ?? 0)
        scale = NiceScale(maximum: highest)
        detection = Self.detection(report, probe: probe)
        recovery = Self.recovery(report)
    }

    /// From the first injection to the sample that detected it; "not detected" when faults ran and none did.
    private static func detection(_ report: ExperimentReport, probe: String) -> Span? {
        let record = report.probes.first { $0.name == probe }
        if let ttd = record?.ttdMs, let failure = record?.firstFailureMs {
            return Span(fromMs: failure - ttd, toMs: failure, label: "TTD " + seconds(ttd))
        }
        guard let first = report.faults.compactMap(\.injectedAtMs).min() else { return nil }
        return Span(fromMs: first, toMs: first, label: "not detected")
    }

    /// From the last removal to the start of the first stable window, or the search that found none.
    private static func recovery(_ report: ExperimentReport) -> Span? {
        let summary = report.recovery
        guard let removal = summary.lastRemovalMs else { return nil }
        if let stable = summary.stableFromMs, let ttr = summary.ttrMs {
            return Span(fromMs: removal, toMs: stable, label: "TTR " + seconds(ttr))
        }
        guard summary.evaluated else { return nil }
        let within = seconds(summary.withinMs)
        return Span(fromMs: removal, toMs: removal + summary.withinMs, label: "not recovered within \(within)")
    }

    static func seconds(_ ms: Int64) -> String { ReportText.seconds(.milliseconds(ms), places: 2) + "s" }

    /// True when no sample of this probe had a latency (nothing for the latency panel to draw).
    var hasLatency: Bool { points.contains { $0.p50Ms != nil } }
    var hasSamples: Bool { points.contains { $0.samples > 0 } }
}
