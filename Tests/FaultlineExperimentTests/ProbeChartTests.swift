/// The charts' SVG from reports run on virtual time: axis ranges, fault windows and markers where the report's
/// timestamps put them, timings annotated, names escaped, empty probes drawn as empty.
import FaultlineCore
import Testing

@testable import FaultlineExperiment

/// Where `ms` falls on a chart of a run of `durationMs`, as the SVG spells it.
private func x(_ ms: Int64, _ durationMs: Int64) -> String {
    SVGWriter.number(ChartLayout.left + ChartLayout(durationMs: durationMs, lanes: 1).plotWidth
        * Double(ms) / Double(durationMs))
}

private struct ChartTestFailure: Error {}

/// The report of the first scenario of `reportsOfEveryShape()` that ends with `status`.
private func scenarioReport(_ status: ExperimentStatus) throws -> ExperimentReport {
    guard let report = try reportsOfEveryShape().first(where: { $0.status == status }) else { throw ChartTestFailure() }
    return report
}

private func number(_ text: String?) -> Double { text.flatMap { Double($0) } ?? .nan }

/// The first chart of the page for `report`.
private func chart(_ report: ExperimentReport, probe: String = "web") -> String {
    ProbeChart(report, probe: probe, bands: FaultBand.layout(report), markers: TimeMarker.markers(report)).svg(index: 0)
}

@Suite struct ProbeChartTests {
    @Test(arguments: [
        (612, 200, 800), (600, 200, 800), (1499, 250, 1500), (150, 50, 200), (310, 100, 400), (10, 2, 12),
        (1, 1, 2), (0, 20, 120), (2000, 500, 2500),
    ] as [(Int64, Int64, Int64)])
    func theLatencyAxisEndsOnARoundNumberAboveTheHighestValue(maximum: Int64, step: Int64, top: Int64) {
        let scale = NiceScale(maximum: maximum)
        #expect(scale.step == step && scale.top == top)
        #expect(scale.top > maximum && scale.ticks.count <= 7 && scale.ticks.last == top)
    }

    @Test func theAxesSpanTheRunAndTheHighestP99() throws {
        let report = try scenarioReport(.deviated)
        #expect(report.durationMs == 4000)
        let svg = chart(report)
        #expect(svg.contains(#"data-duration-ms="4000""#))
        // x: from t0 to the end of the run, one tick a second.
        let axis = try #require(SVGProbe.tags(svg, class: "x-axis").first)
        #expect(SVGProbe.attribute(axis, "x1") == "64" && SVGProbe.attribute(axis, "x2") == x(4000, 4000))
        #expect(SVGProbe.texts(svg, class: "x-tick") == ["0s", "1s", "2s", "3s", "4s"])
        #expect(SVGProbe.values(svg, class: "x-tick", "x").last == x(4000, 4000))
        // y: the highest p99 is 600 ms (the p95 limit is 500 ms): a round top above it.
        let highest = try #require(report.timeline?.series("web")?.buckets.compactMap(\.p99Ms).max())
        #expect(highest == 600)
        #expect(svg.contains(#"<g class="y-axis" data-top="800" data-step="200">"#))
        #expect(SVGProbe.texts(svg, class: "y-tick").prefix(5) == ["0ms", "200ms", "400ms", "600ms", "800ms"])
        #expect(SVGProbe.texts(svg, class: "limit-label") == ["p95 limit 500ms"])
    }

    @Test func faultWindowsAreShadedExactlyWhereTheReportPutsThem() throws {
        let report = try scenarioReport(.deviated)
        let fault = try #require(report.faults.first)
        let from = try #require(fault.injectedAtMs)
        let to = try #require(fault.removedAtMs)
        #expect(from == 1005 && to == 3005)
        let svg = chart(report)
        let band = try #require(SVGProbe.tags(svg, class: "fault").first)
        #expect(SVGProbe.attribute(band, "x") == x(from, 4000))
        let width = number(SVGProbe.attribute(band, "width"))
        #expect(abs(width - (number(x(to, 4000)) - number(x(from, 4000)))) <= 0.1)
        #expect(SVGProbe.attribute(band, "data-from-ms") == "1005" && SVGProbe.attribute(band, "data-to-ms") == "3005")
        #expect(SVGProbe.texts(svg, class: "fault-name") == ["slow"])
    }

    @Test func theHaltAndTheEndOfTheRollbackAreMarkedAtTheirInstants() throws {
        let report = try scenarioReport(.halted)
        let halt = try #require(report.halt)
        let svg = chart(report)
        let line = try #require(SVGProbe.tags(svg, class: "halt").first)
        #expect(SVGProbe.attribute(line, "x1") == x(halt.haltedAtMs, report.durationMs))
        #expect(SVGProbe.attribute(line, "x2") == SVGProbe.attribute(line, "x1"))
        #expect(SVGProbe.attribute(line, "data-ms") == "1401")
        let done = try #require(SVGProbe.tags(svg, class: "rollback").first)
        #expect(SVGProbe.attribute(done, "data-ms") == halt.rollbackCompletedAtMs.map { String($0) })
        #expect(SVGProbe.texts(svg, class: "marker-label") == ["halt +1.40s", "rolled back +1.41s"])
    }

    @Test func timeToDetectAndToRecoverAreBracketed() throws {
        let report = try scenarioReport(.deviated)
        let svg = chart(report)
        // TTD: from the injection (1005) to the first slow sample's end (1700); TTR: 3005 to 3500.
        let ttd = try #require(SVGProbe.tags(svg, class: "ttd").first)
        #expect(SVGProbe.attribute(ttd, "data-from-ms") == "1005" && SVGProbe.attribute(ttd, "data-to-ms") == "1700")
        #expect(SVGProbe.texts(svg, class: "ttd-label") == ["TTD 0.70s"])
        let ttr = try #require(SVGProbe.tags(svg, class: "ttr").first)
        #expect(SVGProbe.attribute(ttr, "data-from-ms") == "3005" && SVGProbe.attribute(ttr, "data-to-ms") == "3500")
        #expect(SVGProbe.texts(svg, class: "ttr-label") == ["TTR 0.50s"])
    }

    @Test func aProbeWithoutSamplesIsDrawnEmpty() throws {
        var report = try scenarioReport(.deviated)
        let quiet = ProbeSeries(name: "quiet", buckets: Array(repeating: TimelineBucket(), count: 4))
        report.timeline?.probes.append(quiet)
        let svg = chart(report, probe: "quiet")
        #expect(SVGProbe.tags(svg, class: "p50").isEmpty && SVGProbe.tags(svg, class: "p99").isEmpty)
        #expect(SVGProbe.tags(svg, class: "errors").isEmpty)
        #expect(SVGProbe.texts(svg, class: "empty") == ["no samples", "no samples"])
        #expect(svg.contains(#"data-top="120""#))
        // Fast failures only: errors drawn, no latency line.
        report.timeline?.probes.append(
            ProbeSeries(name: "refused", buckets: Array(repeating: TimelineBucket(samples: 4, failed: 4), count: 4)))
        let refused = chart(report, probe: "refused")
        #expect(SVGProbe.tags(refused, class: "p50").isEmpty && SVGProbe.tags(refused, class: "errors").count == 1)
        #expect(SVGProbe.texts(refused, class: "empty") == ["no latency measured (every sample failed fast)"])
    }
}
