/// The engine's raw API as a driver calls it, without the session: inputs in, actions and `nextWake` out.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting
import Testing

@Suite struct ExperimentEngineAPITests {
    @Test func aDriverFeedsInputsAndPerformsTheReturnedActions() throws {
        let plan = try Scenario.plan()
        guard case .toxics(let toxics) = plan.faults[0].change, let toxic = toxics.first else {
            Issue.record("expected a toxic")
            return
        }
        var engine = ExperimentEngine(plan: plan, options: .init(admin: "http://h:8474"))
        #expect(engine.nextWake == nil)
        #expect(engine.start(now: .milliseconds(0)) == [.startProbe("web")])
        #expect(engine.start(now: .milliseconds(1)).isEmpty)
        #expect(engine.nextWake == .milliseconds(100))
        // Ten healthy baseline samples.
        for k in Int64(0)..<10 {
            if k > 0 { #expect(engine.tick(now: .milliseconds(k * 100)) == [.startProbe("web")]) }
            let ended = engine.sample(
                "web", .success(latency: .milliseconds(10)), startedAt: .milliseconds(k * 100),
                endedAt: .milliseconds(k * 100 + 10)
            )
            #expect(ended.isEmpty)
        }
        // The gate passes at 1000: the state file, then the toxic, then the probe tick of the same instant.
        let state = StateFile(
            runID: "run1", admin: "http://h:8474", toxics: [.init(proxy: "api", name: "flx-run1-slow")])
        let first = ActionID(rawValue: 1)
        #expect(
            engine.tick(now: .milliseconds(1000)) == [
                .writeState(state), .admin(first, .addToxic(toxic)), .startProbe("web"),
            ])
        #expect(engine.actionCompleted(first, .ok, now: .milliseconds(1005)).isEmpty)
        // Answers that match nothing are ignored.
        #expect(engine.actionCompleted(ActionID(rawValue: 99), .ok, now: .milliseconds(1006)).isEmpty)
        #expect(engine.sample("nope", .timedOut, startedAt: .milliseconds(1000), endedAt: .milliseconds(1006)).isEmpty)
        #expect(engine.nextWake == .milliseconds(1100))
        // SIGINT: the rollback goes out at once, the finish comes with its completion.
        let rollback = engine.interrupted(.sigint, now: .milliseconds(1050))
        let second = ActionID(rawValue: 2)
        #expect(
            rollback == [
                .notice("rolling back (signal)"), .admin(second, .removeToxic(proxy: "api", name: "flx-run1-slow")),
            ])
        #expect(engine.nextWake == .milliseconds(1100))
        #expect(engine.interrupted(.sigint, now: .milliseconds(1060)) == [.notice("rollback in progress")])
        let done = engine.actionCompleted(second, .ok, now: .milliseconds(1070))
        guard case .finish(let report)? = done.last, done.count == 1 else {
            Issue.record("expected only a finish, got \(done)")
            return
        }
        #expect(report.status == .interrupted && report.exitCode == 130 && report.durationMs == 1070)
        #expect(engine.isFinished && engine.nextWake == nil)
        #expect(engine.tick(now: .milliseconds(2000)).isEmpty)
        #expect(engine.interrupted(.sigterm, now: .milliseconds(2000)).isEmpty)
        #expect(engine.adminFailed("late", now: .milliseconds(2000)).isEmpty)
    }

    @Test func aLateDriverCountsMissedTicksInsteadOfQueueingThem() throws {
        var engine = ExperimentEngine(plan: try Scenario.plan(), options: .init())
        #expect(engine.start(now: .zero) == [.startProbe("web")])
        // The sample hangs; the driver wakes 450 ms late.
        #expect(engine.tick(now: .milliseconds(450)).isEmpty)
        #expect(
            engine.sample("web", .success(latency: .milliseconds(460)), startedAt: .zero, endedAt: .milliseconds(460))
                .isEmpty
        )
        #expect(engine.tick(now: .milliseconds(500)) == [.startProbe("web")])
        _ = engine.sample(
            "web", .success(latency: .milliseconds(5)), startedAt: .milliseconds(500), endedAt: .milliseconds(505))
        // A free probe that is late starts once and counts the rest as skipped.
        #expect(engine.tick(now: .milliseconds(950)) == [.startProbe("web")])
        let finished = engine.interrupted(.sigint, now: .milliseconds(960))
        guard case .finish(let report)? = finished.last else {
            Issue.record("expected a finish")
            return
        }
        // Skipped: 100…400 while the first sample ran (4), then 700, 800, 900 behind the late start at 950 (3).
        #expect(report.probes.first?.stats("baseline")?.skipped == 7)
        #expect(report.probes.first?.stats("baseline")?.samples == 2)
    }
}
