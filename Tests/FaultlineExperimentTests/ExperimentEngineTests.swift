/// Engine scenarios on virtual time: passes, deviates (TTD, skipped ticks), halts (exact instant, rollback order),
/// baseline failures and the dry run, from scripted samples and admin answers.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting
import Testing

/// Every sample is refused (1 ms, no latency) while `proxy` is disabled, else ok in 10 ms.
func failWhileDisabled(_ proxy: String) -> (World, String) -> (ProbeResult, Duration) {
    { world, _ in
        world.disabled.contains(proxy)
            ? (.failure(reason: "connection refused", latency: nil), .milliseconds(1))
            : (.success(latency: .milliseconds(10)), .milliseconds(10))
    }
}

let haltOnErrors = #"[{"probe": "web", "maxErrorRate": 0.5, "window": "500ms", "minSamples": 3}]"#

@Suite struct ExperimentEngineTests {
    @Test func aHarmlessFaultPasses() throws {
        let world = World()
        world.run(try Scenario.plan())
        let report = try #require(world.report)
        #expect(
            world.adminLog == ["1000 POST api flx-run1-slow", "3000 DELETE api flx-run1-slow", "3505 finish passed"])
        // The state file is written before the toxic is added, and lists it.
        #expect(
            world.log.filter { $0.hasPrefix("1000 ") }.prefix(3) == [
                "1000 state", "1000 POST api flx-run1-slow", "1000 probe web",
            ])
        #expect(
            world.states == [
                StateFile(
                    runID: "run1", admin: "http://127.0.0.1:8474", toxics: [.init(proxy: "api", name: "flx-run1-slow")])
            ])
        #expect(report.status == .passed && report.exitCode == 0)
        #expect(report.durationMs == 3505)
        #expect(report.phases.map(\.name) == ["baseline", "injection", "recovery", "fault:slow"])
        #expect(report.phases.map(\.fromMs) == [0, 1005, 3005, 1005])
        #expect(report.phases.map(\.toMs) == [1005, 3005, 3505, 3005])
        #expect(
            report.faults == [
                FaultRecord(
                    name: "slow", proxies: ["api"], toxics: ["flx-run1-slow"], effect: "latency 600ms downstream",
                    plannedAtMs: 1000, injectedAtMs: 1005, plannedEndMs: 3000, removedAtMs: 3005)
            ])
        let web = try #require(report.probes.first)
        #expect(web.stats("baseline")?.samples == 10)
        #expect(web.stats("injection")?.samples == 20)
        #expect(web.stats("recovery")?.samples == 5)
        #expect(web.ttdMs == nil && web.firstFailureMs == nil)
        #expect(report.recovery.recovered && report.recovery.ttrMs == 0 && report.recovery.stableFromMs == 3005)
        #expect(report.halt == nil)
        #expect(
            report.hypothesis.map(\.phase) == [
                "baseline", "baseline", "injection", "injection", "recovery", "recovery",
            ])
        #expect(report.hypothesis.allSatisfy { $0.outcome.met })
    }

    @Test func aSlowDependencyDeviatesWithTimeToDetectAndSkippedTicks() throws {
        let world = World()
        world.probe = { world, _ in
            world.toxics.contains("api/flx-run1-slow")
                ? (.success(latency: .milliseconds(600)), .milliseconds(600))
                : (.success(latency: .milliseconds(10)), .milliseconds(10))
        }
        world.run(try Scenario.plan(probeExtra: #", "maxLatency": "400ms""#))
        let report = try #require(world.report)
        #expect(report.status == .deviated && report.exitCode == 1)
        let web = try #require(report.probes.first)
        // The sample started at 1100 (after the toxic landed at 1005) ends slow at 1700.
        #expect(web.firstFailureMs == 1700)
        #expect(web.ttdMs == 695)
        let injection = try #require(web.stats("injection"))
        #expect(injection.samples == 4 && injection.ok == 1 && injection.slow == 3)
        #expect(injection.skipped == 16)
        #expect(injection.p95 == nil)
        #expect(web.stats("recovery")?.skipped == 4)
        let verdict = report.hypothesis.filter { $0.phase == "injection" }.map(\.outcome)
        #expect(verdict.map(\.check) == ["minSuccessRate", "p95"])
        #expect(verdict.map(\.observed) == [.rate(0.25), nil])
        #expect(verdict.allSatisfy { !$0.met })
        // Recovery: the window starting at the last removal holds the slow sample ending at 3500; the next one,
        // starting just after it, holds five fast samples.
        #expect(report.recovery.lastRemovalMs == 3005)
        #expect(report.recovery.stableFromMs == 3500)
        #expect(report.recovery.ttrMs == 495)
        #expect(report.durationMs == 4000)
    }

    @Test func aHaltTripsAtTheExactSampleAndRollsBackNewestFirst() throws {
        let faults = """
            [{"name": "lag", "proxy": ["api", "db"], "at": "1s", "duration": "5s",
              "toxic": {"type": "latency", "stream": "both", "attributes": {"latency": 1}}},
             {"name": "cut", "proxy": "api", "at": "1200ms", "duration": "2s", "down": true}]
            """
        let world = World()
        world.probe = failWhileDisabled("api")
        world.run(try Scenario.plan(faults: faults, halts: haltOnErrors))
        let report = try #require(world.report)
        #expect(
            world.adminLog == [
                "1000 POST api flx-run1-lag-up", "1000 POST api flx-run1-lag-down", "1000 POST db flx-run1-lag-up",
                "1000 POST db flx-run1-lag-down", "1200 DISABLE api",
                // Errors at 1301, 1401, 1501 (3/6 = 0.5 holds) and 1601 (4/6 > 0.5): the halt trips at 1601.
                "1601 notice halt[0] tripped in injection: web maxErrorRate 66.7% > 50.0%",
                "1601 notice rolling back (halt)",
                "1601 ENABLE api", "1601 DELETE db flx-run1-lag-down", "1601 DELETE db flx-run1-lag-up",
                "1601 DELETE api flx-run1-lag-down", "1601 DELETE api flx-run1-lag-up",
                "2210 finish halted",
            ]
        )
        #expect(world.toxics.isEmpty && world.disabled.isEmpty)
        #expect(report.status == .halted && report.exitCode == 2)
        let halt = try #require(report.halt)
        #expect(halt.reason == "condition" && halt.condition == 0 && halt.phase == "injection")
        #expect(halt.haltedAtMs == 1601)
        #expect(halt.rollbackCompletedAtMs == 1606)
        #expect(halt.timeToHaltMs == 596)
        #expect(halt.rollbackMs == 5)
        #expect(halt.outcome?.observed == .rate(4.0 / 6.0))
        #expect(
            report.rollback == RollbackSummary(cause: "halt", startedAtMs: 1601, completedAtMs: 1606, completed: true))
        // Probing went on through recovery: the first window with five fast samples starts after the 1710 sample.
        #expect(report.recovery.recovered && report.recovery.lastRemovalMs == 1606 && report.recovery.ttrMs == 104)
        #expect(report.faults.map(\.removedAtMs) == [1606, 1606])
        #expect(report.faults.map(\.injectedAtMs) == [1005, 1205])
    }

    @Test func theLaterFaultsOfAHaltedRunAreNeverInjected() throws {
        let faults = """
            [{"name": "cut", "proxy": "api", "at": "1s", "duration": "2s", "down": true},
             {"name": "later", "proxy": "db", "at": "5s", "duration": "1s", "down": true}]
            """
        let world = World()
        world.probe = failWhileDisabled("api")
        world.run(try Scenario.plan(faults: faults, halts: haltOnErrors))
        let report = try #require(world.report)
        #expect(report.status == .halted)
        #expect(!world.adminLog.contains { $0.contains("db") })
        #expect(report.faults[1].injectedAtMs == nil && report.faults[1].removedAtMs == nil)
        #expect(report.phases.map(\.name) == ["baseline", "injection", "recovery", "fault:cut"])
    }

    @Test func aFailedBaselineInjectsNothing() throws {
        let world = World()
        world.probe = { _, _ in (.failure(reason: "503", latency: .milliseconds(20)), .milliseconds(20)) }
        world.run(try Scenario.plan())
        let report = try #require(world.report)
        #expect(report.status == .baselineFailed && report.exitCode == 4)
        #expect(world.adminLog == ["1000 finish baseline-failed"])
        #expect(world.states.isEmpty)
        #expect(report.phases.map(\.name) == ["baseline"])
        #expect(report.hypothesis.map(\.phase) == ["baseline", "baseline"])
        #expect(report.hypothesis.map(\.outcome.met) == [false, true])
        #expect(report.faults.allSatisfy { $0.injectedAtMs == nil })
    }

    @Test func aHaltArmedAlwaysThatTripsInTheBaselineIsABaselineFailure() throws {
        let world = World()
        world.probe = { world, _ in
            world.loop.now >= .milliseconds(500)
                ? (.failure(reason: "refused", latency: nil), .milliseconds(1))
                : (.success(latency: .milliseconds(10)), .milliseconds(10))
        }
        let always = #"[{"probe": "web", "maxErrorRate": 0.5, "window": "500ms", "minSamples": 3, "armed": "always"}]"#
        world.run(try Scenario.plan(halts: always))
        let report = try #require(world.report)
        #expect(report.status == .baselineFailed && report.exitCode == 4)
        #expect(report.halt?.haltedAtMs == 801)
        #expect(report.halt?.phase == "baseline")
        #expect(report.durationMs == 801)
        #expect(
            world.adminLog == [
                "801 notice halt[0] tripped in baseline: web maxErrorRate 66.7% > 50.0%", "801 finish baseline-failed",
            ])
    }

    @Test func aHaltArmedForInjectionIgnoresTheBaseline() throws {
        let world = World()
        // Errors in the baseline that still meet the 90% gate would trip an `always` halt, not this one.
        world.probe = { world, _ in
            world.loop.now == .milliseconds(300) || world.loop.now == .milliseconds(400)
                ? (.failure(reason: "refused", latency: nil), .milliseconds(1))
                : (.success(latency: .milliseconds(10)), .milliseconds(10))
        }
        let halts = #"[{"probe": "web", "maxErrorRate": 0.3, "window": "300ms", "minSamples": 2}]"#
        world.run(try Scenario.plan(halts: halts, tolerances: #"[{"probe": "web", "minSuccessRate": 0.8}]"#))
        #expect(world.report?.status == .passed)
        #expect(world.report?.halt == nil)
    }

    @Test func aHaltArmedAlwaysThatTripsInRecoveryHaltsWithNothingToRollBack() throws {
        let world = World()
        world.probe = { world, _ in
            world.loop.now >= .milliseconds(3100)
                ? (.failure(reason: "refused", latency: nil), .milliseconds(1))
                : (.success(latency: .milliseconds(10)), .milliseconds(10))
        }
        let always = #"[{"probe": "web", "maxErrorRate": 0.5, "window": "1s", "minSamples": 3, "armed": "always"}]"#
        world.run(try Scenario.plan(halts: always))
        let report = try #require(world.report)
        #expect(report.status == .halted && report.exitCode == 2)
        let halt = try #require(report.halt)
        #expect(halt.phase == "recovery")
        #expect(halt.rollbackMs == 0)
        #expect(report.rollback == nil)
        #expect(!report.recovery.recovered)
    }

    @Test func aDryRunProbesTheBaselineAndTouchesNothing() throws {
        let world = World()
        world.run(try Scenario.plan(faults: Scenario.downFault), dryRun: true)
        let report = try #require(world.report)
        #expect(report.status == .passed && report.exitCode == 0 && report.dryRun)
        #expect(world.adminLog == ["1000 finish passed"])
        #expect(world.states.isEmpty)
        #expect(report.phases.map(\.name) == ["baseline"])
        #expect(report.probes.first?.stats("baseline")?.samples == 10)

        let failing = World()
        failing.probe = { _, _ in (.timedOut, .seconds(1)) }
        failing.run(try Scenario.plan(), dryRun: true)
        #expect(failing.report?.status == .baselineFailed && failing.report?.exitCode == 4)
        #expect(failing.adminLog == ["1000 finish baseline-failed"])
    }

    @Test func twoDownFaultsOnOneProxyDisableItOnceAndEnableItOnce() throws {
        let faults = """
            [{"name": "a", "proxy": "api", "at": "1s", "duration": "2s", "down": true},
             {"name": "b", "proxy": "api", "at": "2s", "duration": "2s", "down": true}]
            """
        let world = World()
        world.run(try Scenario.plan(faults: faults, tolerances: "[]"))
        let report = try #require(world.report)
        #expect(world.adminLog == ["1000 DISABLE api", "4000 ENABLE api", "4505 finish passed"])
        #expect(report.faults.map(\.injectedAtMs) == [1005, 2000])
        #expect(report.faults.map(\.removedAtMs) == [3000, 4005])
        #expect(world.states == [StateFile(runID: "run1", admin: "http://127.0.0.1:8474", disabledProxies: ["api"])])
    }

    @Test func aFaultThatEndsBeforeItsToxicLandsIsRemovedRightAfter() throws {
        let faults = """
            [{"name": "blip", "proxy": "api", "at": "1s", "duration": "200ms", "toxic": {"type": "noop"}}]
            """
        let world = World()
        world.admin = { _, request in
            if case .addToxic = request { return (.ok, .milliseconds(500)) }
            return (.ok, .milliseconds(5))
        }
        world.run(try Scenario.plan(faults: faults))
        // Confirmed for only 5 ms, the injection phase holds no sample: too little to meet the hypothesis.
        #expect(
            world.adminLog == ["1000 POST api flx-run1-blip", "1500 DELETE api flx-run1-blip", "2005 finish deviated"])
        #expect(world.report?.hypothesis.filter { $0.phase == "injection" }.map(\.outcome.observed) == [nil, nil])
        #expect(world.report?.faults.first?.injectedAtMs == 1500)
        #expect(world.report?.faults.first?.removedAtMs == 1505)
    }
}
