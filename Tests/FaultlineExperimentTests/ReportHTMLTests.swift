/// The HTML page: self-contained, printable, every report string escaped, old reports without charts, and small
/// enough for a long run.
import FaultlineCore
import FaultlineExperiment
import Testing

/// A run of `minutes` with `probes` probes sampled every 250 ms: four samples a second, varied latencies, a fault in
/// the middle third with failures, then a halt.
private func longReport(minutes: Int, probes: Int) -> ExperimentReport {
    let seconds = minutes * 60
    var report = ExperimentReport(title: "long", status: .halted, durationMs: Int64(seconds) * 1000)
    report.faults = [
        FaultRecord(
            name: "slow", proxies: ["api"], toxics: ["flx-1-slow"], effect: "latency 300ms downstream",
            plannedAtMs: Int64(seconds / 3) * 1000, injectedAtMs: Int64(seconds / 3) * 1000 + 4,
            plannedEndMs: Int64(2 * seconds / 3) * 1000, removedAtMs: Int64(2 * seconds / 3) * 1000 + 9)
    ]
    report.halt = HaltSummary(
        reason: "condition", condition: 0, outcome: nil, detail: nil, phase: "injection",
        haltedAtMs: Int64(2 * seconds / 3) * 1000 + 2, rollbackCompletedAtMs: Int64(2 * seconds / 3) * 1000 + 9,
        timeToHaltMs: 1000, rollbackMs: 7)
    let series = (0..<probes).map { probe in
        ProbeSeries(
            name: "probe-\(probe)",
            buckets: (0..<seconds).map { second in
                let faulty = second >= seconds / 3 && second < 2 * seconds / 3
                let base = Int64(3 + (second * 7 + probe * 13) % 17)
                return TimelineBucket(
                    samples: 4, failed: faulty ? second % 3 : 0, p50Ms: base + (faulty ? 300 : 0),
                    p99Ms: base * 3 + (faulty ? 420 : 0))
            })
    }
    report.probes = series.map { ProbeRecord(name: $0.name, phases: []) }
    report.timeline = ReportTimeline(probes: series)
    return report
}

@Suite struct ReportHTMLTests {
    @Test func thePageIsSelfContainedAndPrintable() throws {
        for report in try reportsOfEveryShape() {
            let page = ReportHTML.render(report)
            #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
            #expect(page.hasSuffix("</body>\n</html>\n"))
            // Nothing to fetch and nothing to run: no scripts, no links, no external fonts or images.
            for forbidden in ["<script", "src=", "href=", "@import", "@font-face", "url(http", "<link"] {
                #expect(!page.contains(forbidden), "\(report.status): \(forbidden)")
            }
            #expect(page.contains("@media print"))
            #expect(page.contains("<span class=\"status status-\(report.status.rawValue)\">"))
        }
    }

    @Test func chartsHypothesisAndTimingsAreOnThePage() throws {
        let deviated = try #require(try reportsOfEveryShape().first { $0.status == .deviated })
        let page = ReportHTML.render(deviated)
        #expect(page.ranges(of: "<svg class=\"chart\"").count == 1)
        #expect(page.contains("<figcaption>probe web</figcaption>"))
        #expect(page.contains("<span class=\"not-met\">✗ NOT met</span>: web minSuccessRate 25.0% &lt; 90.0%"))
        #expect(page.contains("baseline <span class=\"met\">✓ met</span> · injection <span class=\"not-met\">"))
        #expect(page.contains(">TTD 0.70s</text>") && page.contains(">TTR 0.50s</text>"))
        // The legend names every line style, so black and white loses nothing.
        for name in ["p50", "p99", "latency tolerance", "fault window", "failed samples", "halt / signal"] {
            #expect(page.contains(">\(name)</text>"))
        }
    }

    @Test func everyStringFromTheReportIsEscaped() throws {
        var report = try #require(try reportsOfEveryShape().first { $0.status == .deviated })
        let hostile = "<script>alert(1)</script>\"'&<img src=x onerror=alert(2)>"
        report.title = hostile
        report.runID = hostile
        report.faults[0].name = hostile
        report.faults[0].effect = hostile
        report.faults[0].proxies = [hostile]
        report.probes[0].name = hostile
        report.timeline?.probes[0].name = hostile
        report.hypothesis = report.hypothesis.map { row in
            var row = row
            row.outcome.probe = hostile
            return row
        }
        report.errors = [hostile]
        report.warnings = [ValidationIssue(path: hostile, message: hostile)]
        report.server = ServerInfo(admin: hostile, version: hostile, seededToxics: false)
        let page = ReportHTML.render(report, source: hostile)
        #expect(!page.contains("<script") && !page.contains("<img") && !page.contains("onerror=alert(2)>"))
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;img src=x onerror=alert(2)&gt;"
        #expect(page.contains(escaped))
        // Inside attributes too: the chart's label cannot be closed early.
        #expect(page.contains("aria-label=\"Latency and error rate of probe &lt;script&gt;"))
    }

    @Test func aReportWithoutATimelineSaysSoAndKeepsItsTables() throws {
        var report = try #require(try reportsOfEveryShape().first { $0.status == .deviated })
        report.timeline = nil
        let page = ReportHTML.render(report, source: "old.json")
        #expect(page.contains("No timeline in this report."))
        #expect(!page.contains("<svg class=\"chart\""))
        #expect(page.contains("<table class=\"hypothesis\">") && page.contains("<table class=\"phases\">"))
        #expect(page.contains("<dt>report</dt><dd>old.json</dd>"))
    }

    @Test func anInvalidReportListsItsProblems() throws {
        let report = try #require(try reportsOfEveryShape().first { $0.status == .invalid })
        let page = ReportHTML.render(report)
        #expect(page.contains("<li>faults[1].toxcity: unknown key</li>"))
        #expect(!page.contains("<h2>Timeline</h2>"))
    }

    @Test func readingTheJSONBackDrawsTheSamePage() throws {
        for report in try reportsOfEveryShape() {
            let decoded = try ExperimentReport.decode(report.json())
            #expect(ReportHTML.render(decoded) == ReportHTML.render(report), "\(report.status)")
        }
    }

    @Test func tenMinutesOfFiveProbesStayWellUnderAMegabyte() throws {
        let report = longReport(minutes: 10, probes: 5)
        let page = ReportHTML.render(report)
        #expect(page.utf8.count < 400_000, "\(page.utf8.count) bytes")
        #expect(report.json().count < 150_000, "\(report.json().count) bytes")
        #expect(page.ranges(of: "<svg class=\"chart\"").count == 5)
    }

    @Test func aVeryLongRunMergesSecondsIntoFewerPoints() throws {
        let report = longReport(minutes: 120, probes: 1)
        let page = ReportHTML.render(report)
        #expect(page.contains("Each point is the samples that ended in one 6-second stretch"))
        #expect(page.utf8.count < 400_000, "\(page.utf8.count) bytes")
    }
}
