/// Recovery and statuses: the stable window, TTR, not-recovered winning over deviated, and every exit code.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting
import Testing

@Suite struct ExperimentRecoveryTests {
    @Test func neverRecoveringIsNotRecoveredEvenThoughItAlsoDeviated() throws {
        let world = World()
        world.probe = { world, _ in
            world.loop.now >= .milliseconds(1005)
                ? (.failure(reason: "refused", latency: nil), .milliseconds(1))
                : (.success(latency: .milliseconds(10)), .milliseconds(10))
        }
        world.run(try Scenario.plan())
        let report = try #require(world.report)
        // The last window may start 2 s after the removal at 3005 and must then run 500 ms.
        #expect(world.adminLog.last == "5505 finish not-recovered")
        #expect(report.status == .notRecovered && report.exitCode == 3)
        #expect(report.hypothesis.contains { $0.phase == "injection" && !$0.outcome.met })
        #expect(report.recovery.evaluated && !report.recovery.recovered && report.recovery.ttrMs == nil)
        #expect(report.hypothesis.filter { $0.phase == "recovery" }.allSatisfy { !$0.outcome.met })
    }

    @Test func recoveryThatStartsLateIsMeasuredFromTheLastRemoval() throws {
        let world = World()
        // Errors while the toxic is on and for 700 ms after it goes (a slow-draining queue).
        world.probe = { world, _ in
            let now = world.loop.now
            let failing = now >= .milliseconds(1005) && now < .milliseconds(3705)
            return failing
                ? (.failure(reason: "503", latency: .milliseconds(2)), .milliseconds(2))
                : (.success(latency: .milliseconds(10)), .milliseconds(10))
        }
        world.run(try Scenario.plan())
        let report = try #require(world.report)
        #expect(report.status == .deviated && report.exitCode == 1)
        // The last failing sample ends at 3702, but a window starting just after it holds only four samples
        // (3810…4110), too few for p95; the window starting just after 3810 holds five (3910…4310).
        #expect(report.recovery.stableFromMs == 3810)
        #expect(report.recovery.ttrMs == 805)
        #expect(report.durationMs == 4310)
        #expect(
            report.phases.first { $0.name == "recovery" } == PhaseRecord(name: "recovery", fromMs: 3005, toMs: 4310))
    }

    @Test func recoveryNeedsEnoughSamplesForPercentiles() throws {
        let world = World()
        world.run(try Scenario.plan(recovery: #"{"within": "2s", "stableFor": "300ms"}"#))
        let report = try #require(world.report)
        // A 300 ms window holds only three 100 ms samples: p95 is insufficient, so no window ever qualifies.
        #expect(report.status == .notRecovered)
        let rows = report.hypothesis.filter { $0.phase == "recovery" }.map(\.outcome)
        #expect(rows.map(\.check) == ["minSuccessRate", "p95"])
        #expect(rows.map(\.met) == [true, false])
        #expect(rows.last?.observed == nil)
    }

    @Test func withoutTolerancesTheFirstWindowRecovers() throws {
        let world = World()
        world.run(try Scenario.plan(tolerances: "[]"))
        #expect(world.report?.status == .passed)
        #expect(world.report?.recovery.ttrMs == 0)
        #expect(world.report?.hypothesis == [])
    }

    @Test(
        arguments: [
            (ExperimentStatus.passed, nil, Int32(0)), (.deviated, nil, 1), (.halted, nil, 2), (.notRecovered, nil, 3),
            (.baselineFailed, nil, 4), (.invalid, nil, 64), (.rollbackFailed, nil, 70), (.interrupted, .sigint, 130),
            (.interrupted, .sigterm, 143),
        ] as [(ExperimentStatus, StopSignal?, Int32)])
    func everyStatusHasItsExitCode(status: ExperimentStatus, signal: StopSignal?, code: Int32) {
        #expect(status.exitCode(signal: signal) == code)
        var report = ExperimentReport(title: "t", status: status)
        if let signal { report.interruption = InterruptionSummary(signal: signal, atMs: 0) }
        #expect(report.exitCode == code)
        #expect(String(decoding: report.json(pretty: false), as: UTF8.self).contains("\"exitCode\":\(code),"))
    }

    @Test func statusNamesAreTheDesignsWords() {
        #expect(
            ExperimentStatus.allCases.map(\.rawValue) == [
                "passed", "deviated", "halted", "not-recovered", "baseline-failed", "invalid", "rollback-failed",
                "interrupted",
            ])
    }
}
