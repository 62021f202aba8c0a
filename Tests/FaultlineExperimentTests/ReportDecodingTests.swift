/// Reading a JSON report back: every report the engine writes survives the round trip byte for byte, an old
/// report without a timeline still reads, and a malformed one names the path of each bad field.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting
import Testing

/// Reports of every shape the engine writes: passed, deviated, halted, a failed rollback after a signal, invalid.
func reportsOfEveryShape() throws -> [ExperimentReport] {
    var reports: [ExperimentReport] = []
    let passed = World()
    passed.run(try Scenario.plan())
    reports.append(try #require(passed.report))

    let deviated = World()
    deviated.probe = { world, _ in
        world.toxics.contains("api/flx-run1-slow")
            ? (.success(latency: .milliseconds(600)), .milliseconds(600))
            : (.success(latency: .milliseconds(10)), .milliseconds(10))
    }
    deviated.run(try Scenario.plan(probeExtra: #", "maxLatency": "400ms""#))
    reports.append(try #require(deviated.report))

    let halted = World()
    halted.probe = failWhileDisabled("api")
    halted.run(try Scenario.plan(faults: Scenario.downFault, halts: haltOnErrors))
    reports.append(try #require(halted.report))

    let leftover = World()
    leftover.admin = { _, request in
        if case .removeToxic = request { return (.failed("connection refused"), .milliseconds(5)) }
        return (.ok, .milliseconds(5))
    }
    leftover.run(try Scenario.plan(), at: [(2000, { $0.interrupted(.sigterm) })])
    reports.append(try #require(leftover.report))

    reports.append(try httpStatusReport())
    reports.append(.invalid(title: "t", issues: [ValidationIssue(path: "faults[1].toxcity", message: "unknown key")]))
    return reports
}

/// An http probe answered 503 while the fault is in (an `http_abort`, say) and 200 otherwise.
func httpStatusReport() throws -> ExperimentReport {
    let world = World()
    world.probe = { world, _ in
        world.toxics.contains("api/flx-run1-slow")
            ? (.answered(status: 503, .failure(reason: "status 503", latency: .milliseconds(5))), .milliseconds(5))
            : (.answered(status: 200, .success(latency: .milliseconds(10))), .milliseconds(10))
    }
    world.run(try Scenario.plan())
    return try #require(world.report)
}

private func problems(_ text: String) -> [String] {
    do throws(ReportDecodingError) {
        _ = try ExperimentReport.decode(Array(text.utf8))
        return []
    } catch {
        return error.issues.map(\.description)
    }
}

/// A minimal report as an older runner wrote it: no timeline.
private let oldReport = """
    {"version": "faultline.report/v1", "title": "old", "status": "passed", "exitCode": 0, "seed": 1,
     "runId": "abcd0123", "startedAt": null, "durationMs": 2500, "dryRun": false, "server": null,
     "faults": [{"name": "f", "proxies": ["p"], "toxics": [], "effect": "disabled", "plannedAtMs": 1000,
                 "injectedAtMs": 1001, "plannedEndMs": 2000, "removedAtMs": 2002}],
     "phases": [], "probes": {"web": {"baseline": {"samples": 3, "ok": 3, "errors": 0, "timeouts": 0, "slow": 0,
                "skipped": 0, "successRate": 1.0, "p50Ms": "insufficient", "p95Ms": "insufficient",
                "p99Ms": "insufficient", "maxMs": "insufficient"}, "firstFailureMs": null, "ttdMs": null}},
     "hypothesis": [], "halt": {"triggered": false},
     "recovery": {"recovered": true, "lastRemovalMs": 2002, "stableFromMs": 2002, "ttrMs": 0, "evaluated": true,
                  "withinMs": 30000, "stableForMs": 500},
     "errors": [], "warnings": []}
    """

@Suite struct ReportDecodingTests {
    @Test func everyReportReadsBackToTheSameBytes() throws {
        for report in try reportsOfEveryShape() {
            for pretty in [true, false] {
                let bytes = report.json(pretty: pretty)
                let decoded = try ExperimentReport.decode(bytes)
                #expect(decoded.json(pretty: pretty) == bytes, "\(report.status)")
                #expect(decoded.timeline == report.timeline)
                #expect(decoded.exitCode == report.exitCode)
            }
        }
    }

    @Test func httpProbesCountTheStatusesTheyReceivedPerPhase() throws {
        let report = try httpStatusReport()
        let probe = try #require(report.probes.first)
        let all = probe.phases.map(\.stats.statuses).reduce(into: [Int: Int]()) { $0.merge($1, uniquingKeysWith: +) }
        #expect((all[503] ?? 0) > 0 && (all[200] ?? 0) > 0)
        #expect(probe.phases.allSatisfy { $0.stats.statuses.values.reduce(0, +) == $0.stats.samples })
        let text = String(decoding: report.json(pretty: false), as: UTF8.self)
        #expect(text.contains(#""statuses":{"200":"#))
        #expect(ReportTable.render(report).contains("503×"))
    }

    @Test func anOldReportWithoutATimelineStillReads() throws {
        let report = try ExperimentReport.decode(Array(oldReport.utf8))
        #expect(report.title == "old" && report.status == .passed && report.durationMs == 2500)
        #expect(report.timeline == nil)
        #expect(report.faults.first?.injectedAtMs == 1001)
        #expect(report.probes.first?.stats("baseline")?.samples == 3)
        #expect(report.probes.first?.stats("baseline")?.p50 == nil)
    }

    @Test func unknownKeysFromANewerWriterAreIgnored() throws {
        let newer = oldReport.replacing(#""errors": []"#, with: #""errors": [], "sparkles": {"a": 1}"#)
        #expect(try ExperimentReport.decode(Array(newer.utf8)).title == "old")
    }

    @Test(
        arguments: [
            ("{", ["not JSON: unexpected EOF"]),
            ("[]", ["expected an object, got array"]),
            (#"{"version": "faultline.report/v1"}"#, ["title: required", "status: required", "durationMs: required"]),
            (
                oldReport.replacing(#""faultline.report/v1""#, with: #""faultline.report/v9""#),
                [#"version: "faultline.report/v9" is not a report this version reads (faultline.report/v1)"#]
            ),
            (
                oldReport.replacing(#""status": "passed""#, with: #""status": "fine""#),
                [
                    #"status: "fine" is not a status (passed, deviated, halted, not-recovered, baseline-failed, "#
                        + "invalid, rollback-failed, interrupted)"
                ]
            ),
            (
                oldReport.replacing(#""injectedAtMs": 1001"#, with: #""injectedAtMs": "soon""#),
                [#"faults[0].injectedAtMs: expected an integer, got string "soon""#]
            ),
            (
                oldReport.replacing(#""samples": 3"#, with: #""samples": -3"#),
                ["probes.web.baseline.samples: -3 is out of range 0…2147483647"]
            ),
            (
                oldReport.replacing(#""p50Ms": "insufficient""#, with: #""p50Ms": 1.5"#),
                [#"probes.web.baseline.p50Ms: expected whole milliseconds or "insufficient", got number 1.5"#]
            ),
            (
                oldReport.replacing(#""halt": {"triggered": false}"#, with: #""halt": {"triggered": true}"#),
                ["halt.reason: required", "halt.phase: required", "halt.haltedAtMs: required"]
            ),
            (
                oldReport.replacing(
                    #""warnings": []"#,
                    with: #""warnings": [], "timeline": {"bucketMs": 1000, "probes": {"web": {"samples": [1, 2],"#
                        + #" "failed": [0], "p50Ms": [3, "x"], "p99Ms": [3, null]}}}"#),
                [
                    #"timeline.probes.web.p50Ms[1]: expected a whole number of at least 0 or null, got string "x""#,
                    "timeline.probes.web.failed: has 1 entries where samples has 2",
                ]
            ),
        ] as [(String, [String])])
    func aMalformedReportNamesThePathOfEachBadField(text: String, expected: [String]) {
        #expect(problems(text) == expected)
    }
}
