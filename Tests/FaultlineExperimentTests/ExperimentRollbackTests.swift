/// The rollback path on virtual time: maxDuration, admin failures, signals (twice), retries and a failed rollback.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting
import Testing

/// Answers 404 for a DELETE of a toxic that is not there, as the admin API does.
private func honest(_ world: World, _ request: AdminRequest) -> (AdminResult, Duration) {
    if case .removeToxic(let proxy, let name, _) = request, !world.toxics.contains("\(proxy)/\(name)") {
        return (.notFound, .milliseconds(5))
    }
    return (.ok, .milliseconds(5))
}

@Suite struct ExperimentRollbackTests {
    @Test func maxDurationDuringARemovalWaitsForItThenHalts() throws {
        let world = World()
        world.admin = { _, request in
            if case .removeToxic = request { return (.ok, .seconds(1)) }
            return (.ok, .milliseconds(5))
        }
        world.run(try Scenario.plan(extra: #", "maxDuration": "3500ms""#))
        let report = try #require(world.report)
        // The DELETE in flight is awaited, never duplicated.
        #expect(
            world.adminLog == [
                "1000 POST api flx-run1-slow", "3000 DELETE api flx-run1-slow",
                "3500 notice rolling back (maxDuration)",
                "4000 finish halted",
            ]
        )
        #expect(report.status == .halted && report.exitCode == 2)
        #expect(report.halt?.reason == "maxDuration")
        #expect(report.halt?.haltedAtMs == 3500 && report.halt?.rollbackCompletedAtMs == 4000)
        #expect(
            report.rollback
                == RollbackSummary(cause: "maxDuration", startedAtMs: 3500, completedAtMs: 4000, completed: true))
        #expect(!report.recovery.evaluated)
        #expect(world.toxics.isEmpty)
    }

    @Test func maxDurationDuringRecoveryEndsTheRun() throws {
        let world = World()
        world.probe = { world, _ in
            world.loop.now >= .milliseconds(1005)
                ? (.failure(reason: "refused", latency: nil), .milliseconds(1))
                : (.success(latency: .milliseconds(10)), .milliseconds(10))
        }
        world.run(try Scenario.plan(extra: #", "maxDuration": "4s""#))
        let report = try #require(world.report)
        #expect(
            world.adminLog == ["1000 POST api flx-run1-slow", "3000 DELETE api flx-run1-slow", "4000 finish halted"])
        #expect(report.status == .halted && report.halt?.reason == "maxDuration" && report.halt?.phase == "recovery")
        #expect(report.halt?.rollbackMs == 0)
        #expect(!report.recovery.evaluated && !report.recovery.recovered)
    }

    @Test func aFailedInjectionHaltsAndRemovesWhatMightHaveLanded() throws {
        let world = World()
        world.admin = { world, request in
            if case .addToxic = request { return (.failed("HTTP 500"), .milliseconds(5)) }
            return honest(world, request)
        }
        world.run(try Scenario.plan())
        let report = try #require(world.report)
        #expect(
            Array(world.adminLog.prefix(3)) == [
                "1000 POST api flx-run1-slow", "1005 notice rolling back (adminFailure)",
                "1005 DELETE api flx-run1-slow",
            ])
        #expect(report.status == .halted && report.exitCode == 2)
        #expect(report.halt?.reason == "adminFailure" && report.halt?.detail == "HTTP 500")
        #expect(report.halt?.rollbackCompletedAtMs == 1010)
        #expect(report.errors == ["POST /proxies/api/toxics (flx-run1-slow): HTTP 500"])
        #expect(report.faults.first?.injectedAtMs == nil)
        #expect(report.faults.first?.removedAtMs == 1010)
        #expect(report.recovery.recovered)
    }

    @Test func anAdminFailureReportedByTheRunnerRollsBack() throws {
        let world = World()
        world.run(try Scenario.plan(), at: [(2000, { $0.adminFailed("admin API unreachable") })])
        let report = try #require(world.report)
        #expect(world.adminLog.contains("2000 DELETE api flx-run1-slow"))
        #expect(report.status == .halted && report.halt?.reason == "adminFailure")
        #expect(report.halt?.haltedAtMs == 2000 && report.halt?.rollbackMs == 5 && report.halt?.timeToHaltMs == 995)
        #expect(report.errors == ["admin API unreachable"])
        #expect(report.recovery.lastRemovalMs == 2005)
    }

    @Test func anUnwritableStateFileMeansNothingIsSent() throws {
        let world = World()
        world.failStateWrites = true
        world.run(try Scenario.plan())
        let report = try #require(world.report)
        #expect(!world.adminLog.contains { $0.contains("POST") || $0.contains("DELETE") })
        #expect(report.status == .halted && report.halt?.reason == "adminFailure")
        #expect(report.halt?.detail == "state file not written: disk full")
        #expect(report.halt?.rollbackMs == 0)
    }

    @Test(arguments: [(StopSignal.sigint, Int32(130)), (.sigterm, 143)])
    func aSignalRollsBackAndExits(signal: StopSignal, exitCode: Int32) throws {
        let world = World()
        world.run(try Scenario.plan(), at: [(2000, { $0.interrupted(signal) })])
        let report = try #require(world.report)
        #expect(
            world.adminLog == [
                "1000 POST api flx-run1-slow", "2000 notice rolling back (signal)", "2000 DELETE api flx-run1-slow",
                "2005 finish interrupted",
            ]
        )
        #expect(report.status == .interrupted && report.exitCode == exitCode)
        #expect(report.interruption == InterruptionSummary(signal: signal, atMs: 2000))
        #expect(
            report.rollback == RollbackSummary(cause: "signal", startedAtMs: 2000, completedAtMs: 2005, completed: true)
        )
        #expect(report.halt == nil)
        #expect(report.phases.map(\.name) == ["baseline", "injection", "fault:slow"])
        #expect(world.toxics.isEmpty)
    }

    @Test func aSecondSigintNeverAbandonsTheRollback() throws {
        let world = World()
        world.admin = { _, request in
            if case .removeToxic = request { return (.ok, .milliseconds(100)) }
            return (.ok, .milliseconds(5))
        }
        world.run(
            try Scenario.plan(),
            at: [
                (2000, { $0.interrupted(.sigint) }), (2050, { $0.interrupted(.sigint) }),
                (2060, { $0.interrupted(.sigterm) }),
            ])
        let report = try #require(world.report)
        #expect(
            world.adminLog == [
                "1000 POST api flx-run1-slow", "2000 notice rolling back (signal)", "2000 DELETE api flx-run1-slow",
                "2050 notice rollback in progress", "2060 notice rollback in progress", "2100 finish interrupted",
            ]
        )
        #expect(report.exitCode == 130)
        #expect(world.toxics.isEmpty)
    }

    @Test func aRollbackWaitsForAnAddInFlightThenRemovesIt() throws {
        let world = World()
        world.admin = { _, request in
            if case .addToxic = request { return (.ok, .milliseconds(500)) }
            return (.ok, .milliseconds(5))
        }
        world.run(try Scenario.plan(), at: [(1200, { $0.interrupted(.sigint) })])
        // A DELETE racing the POST could 404 first and leave the toxic behind; it goes out after the POST lands.
        #expect(
            world.adminLog == [
                "1000 POST api flx-run1-slow", "1200 notice rolling back (signal)", "1500 DELETE api flx-run1-slow",
                "1505 finish interrupted",
            ]
        )
        #expect(world.toxics.isEmpty)
        #expect(world.report?.rollback?.completedAtMs == 1505)
    }

    @Test func aSignalDuringTheBaselineFinishesAtOnce() throws {
        let world = World()
        world.run(try Scenario.plan(), at: [(500, { $0.interrupted(.sigint) })])
        #expect(world.adminLog == ["500 finish interrupted"])
        #expect(world.report?.exitCode == 130)
        #expect(world.report?.rollback == nil)
    }

    @Test func aSignalDuringAHaltsRollbackFinishesWhenItCompletes() throws {
        let world = World()
        world.probe = failWhileDisabled("api")
        world.admin = { _, request in
            if case .setEnabled(_, true, _) = request { return (.ok, .milliseconds(300)) }
            return (.ok, .milliseconds(5))
        }
        world.run(
            try Scenario.plan(faults: Scenario.downFault, halts: haltOnErrors),
            at: [(1500, { $0.interrupted(.sigint) })])
        let report = try #require(world.report)
        // The halt trips at 1401 (errors from 1100 on); the signal at 1500 finds its rollback running.
        #expect(
            world.adminLog.suffix(3) == [
                "1401 ENABLE api", "1500 notice rollback in progress", "1701 finish interrupted",
            ])
        #expect(report.status == .interrupted && report.halt?.haltedAtMs == 1401)
        #expect(!report.recovery.evaluated)
    }

    @Test func aRemovalThatKeepsFailingIsRetriedWithBackoffThenReportedAsLeftover() throws {
        let world = World()
        world.admin = { _, request in
            if case .removeToxic = request { return (.failed("connection refused"), .milliseconds(5)) }
            return (.ok, .milliseconds(5))
        }
        world.run(try Scenario.plan(), at: [(2000, { $0.interrupted(.sigint) })])
        let report = try #require(world.report)
        let deletes = world.adminLog.filter { $0.contains("DELETE") }.map { $0.split(separator: " ")[0] }
        // Backoff 100, 200, 400, 800, 1600 ms, then 2 s, until the 10 s deadline.
        #expect(deletes == ["2000", "2105", "2310", "2715", "3520", "5125", "7130", "9135", "11140"])
        #expect(world.adminLog.last == "12000 finish rollback-failed")
        #expect(report.status == .rollbackFailed && report.exitCode == 70)
        #expect(report.leftovers?.toxics == [StateFile.Toxic(proxy: "api", name: "flx-run1-slow")])
        #expect(report.cleanupCommand == "faultline experiment cleanup --admin http://127.0.0.1:8474")
        #expect(report.rollback?.completed == false)
        #expect(report.errors.first == "DELETE /proxies/api/toxics/flx-run1-slow: connection refused (will retry)")
        #expect(
            world.notices.contains(
                "rollback did not complete; run: faultline experiment cleanup --admin http://127.0.0.1:8474"))
    }

    @Test func aNormalRemovalThatNeverSucceedsEndsInAFailedRollback() throws {
        let world = World()
        world.admin = { _, request in
            if case .removeToxic = request { return (.failed("HTTP 500"), .milliseconds(5)) }
            return (.ok, .milliseconds(5))
        }
        world.run(try Scenario.plan())
        let report = try #require(world.report)
        // The removal at 3000 has 10 s; then a full rollback gets 10 s more.
        #expect(world.adminLog.contains("13000 notice rolling back (adminFailure)"))
        #expect(world.adminLog.last == "23000 finish rollback-failed")
        #expect(report.exitCode == 70)
        #expect(report.halt?.reason == "adminFailure")
    }

    @Test func aRemovalThatFailsOnceIsRetriedAndTheRunStillPasses() throws {
        let world = World()
        var failures = 1
        world.admin = { _, request in
            if case .removeToxic = request, failures > 0 {
                failures -= 1
                return (.failed("HTTP 503"), .milliseconds(5))
            }
            return (.ok, .milliseconds(5))
        }
        world.run(try Scenario.plan())
        #expect(
            world.adminLog.filter { $0.contains("DELETE") } == [
                "3000 DELETE api flx-run1-slow", "3105 DELETE api flx-run1-slow",
            ])
        #expect(world.report?.status == .passed)
        #expect(world.report?.recovery.lastRemovalMs == 3110)
    }

    @Test func aMissingToxicOnRemovalCountsAsDone() throws {
        let world = World()
        world.admin = { _, request in
            if case .removeToxic = request { return (.notFound, .milliseconds(5)) }
            return (.ok, .milliseconds(5))
        }
        world.run(try Scenario.plan())
        #expect(world.report?.status == .passed)
        #expect(world.report?.errors == [])
    }
}
