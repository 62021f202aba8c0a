/// `faultline experiment render` and `run --html` as a user runs them: a page written from a JSON report, a clear
/// exit 64 for a file that is not one, and the page a run writes beside its JSON.
import FaultlineExperiment
import FaultlineRunner
import FaultlineTestSupport
import Testing

/// A small finished run, as the engine would report it, with a one-probe timeline.
private func sampleReport() -> ExperimentReport {
    var report = ExperimentReport(title: "render <test>", status: .deviated, durationMs: 3000)
    report.faults = [
        FaultRecord(
            name: "slow", proxies: ["web"], toxics: ["flx-1-slow"], effect: "latency 300ms downstream",
            plannedAtMs: 1000, injectedAtMs: 1002, plannedEndMs: 2000, removedAtMs: 2003)
    ]
    report.probes = [ProbeRecord(name: "page", phases: [], firstFailureMs: 1400, ttdMs: 398)]
    report.timeline = ReportTimeline(probes: [
        ProbeSeries(
            name: "page",
            buckets: [
                TimelineBucket(samples: 4, failed: 0, p50Ms: 2, p99Ms: 3),
                TimelineBucket(samples: 2, failed: 0, p50Ms: 301, p99Ms: 320),
                TimelineBucket(samples: 4, failed: 0, p50Ms: 2, p99Ms: 4),
            ])
    ])
    return report
}

@Suite(.serialized) struct ExperimentRenderTests {
    @Test func renderWritesOneSelfContainedPage() throws {
        let directory = try TemporaryDirectory()
        let json = try directory.write("report.json", String(decoding: sampleReport().json(), as: UTF8.self))
        let out = directory.file("report.html")
        let (status, render) = try Subprocess.run(faultline: ["experiment", "render", json, "--html", out])
        #expect(status == 0, "\(render.stderr)")
        #expect(render.stdout.contains(out))
        let page = try #require(directory.read("report.html"))
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<svg class=\"chart\"") && page.contains("render &lt;test&gt;"))
        #expect(!page.contains("<script"))
    }

    @Test func anOldReportRendersWithoutChartsAndSaysSo() throws {
        var report = sampleReport()
        report.timeline = nil
        let directory = try TemporaryDirectory()
        let json = try directory.write("old.json", String(decoding: report.json(), as: UTF8.self))
        let (status, render) = try Subprocess.run(faultline: [
            "experiment", "render", json, "--html", directory.file("old.html"),
        ])
        #expect(status == 0, "\(render.stderr)")
        #expect(render.stderr.contains("no timeline in this report"))
        #expect(directory.read("old.html")?.contains("No timeline in this report.") == true)
    }

    @Test func aMalformedReportExits64NamingTheFileAndTheField() throws {
        let directory = try TemporaryDirectory()
        let text = String(decoding: sampleReport().json(), as: UTF8.self)
            .replacing(#""injectedAtMs": 1002"#, with: #""injectedAtMs": "soon""#)
        let json = try directory.write("bad.json", text)
        let (status, render) = try Subprocess.run(faultline: [
            "experiment", "render", json, "--html", directory.file("bad.html"),
        ])
        #expect(status == 64)
        #expect(render.stderr.contains(#"bad.json: faults[0].injectedAtMs: expected an integer, got string "soon""#))
        #expect(directory.read("bad.html") == nil, "nothing is written for a bad report")

        let notJSON = try directory.write("notes.txt", "hello")
        let (again, other) = try Subprocess.run(faultline: [
            "experiment", "render", notJSON, "--html", directory.file("notes.html"),
        ])
        #expect(again == 64)
        #expect(other.stderr.contains("notes.txt: not JSON: invalid character 'h' looking for beginning of value"))

        let (missing, absent) = try Subprocess.run(faultline: [
            "experiment", "render", directory.file("nope.json"), "--html", directory.file("nope.html"),
        ])
        #expect(missing == 64)
        #expect(absent.stderr.contains("nope.json"))
    }

    @Test func runWritesTheHTMLPageBesideTheJSONReport() throws {
        let admin = try fakeAdmin(server: "faultline/9.9.9")
        let web = try LoopbackHTTPServer()
        let directory = try TemporaryDirectory()
        let url = "http://127.0.0.1:\(admin.port)"
        let text = Experiments.json(
            admin: url, url: "http://127.0.0.1:\(web.port)/", faults: Experiments.latency(100, duration: "500ms"))
        var configuration = RunConfiguration(
            file: try Experiments.decode(text), admin: url, seed: 11, runID: "0000abcd",
            reportPath: directory.file("report.json"), htmlPath: directory.file("report.html"),
            stateDirectory: directory.file("state"), handleSignals: false)
        configuration.format = .table
        let report = ExperimentRunner.run(configuration, console: .silent)
        #expect(report.status == .passed)
        let page = try #require(directory.read("report.html"))
        #expect(page.contains("<figcaption>probe page</figcaption>"))
        // The page drawn from the JSON file is the page the run wrote (the file's name aside).
        let json = try #require(directory.read("report.json"))
        let decoded = try ExperimentReport.decode(Array(json.utf8))
        #expect(ReportHTML.render(decoded) == page)
    }
}
