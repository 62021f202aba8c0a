/// Time to detect on virtual time: a sample slower than a p95/p99/max tolerance detects a latency fault.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting
import Testing

/// Samples take 310 ms while the latency toxic is on `api` (300 ms plus the 10 ms the service takes), else 10 ms.
private func slowWhileToxic(_ world: World, _ probe: String) -> (ProbeResult, Duration) {
    world.toxics.contains("api/flx-run1-slow")
        ? (.success(latency: .milliseconds(310)), .milliseconds(310))
        : (.success(latency: .milliseconds(10)), .milliseconds(10))
}

private let latency300 = """
    [{"name": "slow", "proxy": "api", "at": "1s", "duration": "2s",
      "toxic": {"type": "latency", "attributes": {"latency": 300}}}]
    """

@Suite struct DetectionTests {
    /// The fidelity issue's case: +300 ms against `p95: 150ms`, no `maxLatency`. Every sample succeeds, so the
    /// success rate stays 100%, but the first slow one detects the fault.
    @Test func aSampleSlowerThanALatencyToleranceDetectsTheFault() throws {
        let world = World()
        world.probe = slowWhileToxic
        let plan = try Scenario.plan(
            faults: latency300, tolerances: #"[{"probe": "web", "minSuccessRate": 0.9, "p95": "150ms"}]"#)
        world.run(plan)
        let report = try #require(world.report)
        #expect(report.status == .deviated)
        let web = try #require(report.probes.first)
        // The toxic lands at 1005; the sample started at 1000 is still fast; the one started at 1100 ends at 1410.
        #expect(web.firstFailureMs == 1410)
        let ttd = try #require(web.ttdMs)
        #expect(ttd == 405)
        #expect(ttd < 2000)
        // Detection only: the slow samples stay `ok` for every rate.
        let injection = try #require(web.stats("injection"))
        #expect(injection.ok == injection.samples && injection.slow == 0 && injection.successRate == 1)
    }

    @Test(arguments: [
        #"[{"probe": "web", "p99": "150ms"}]"#,
        #"[{"probe": "web", "max": "150ms"}]"#,
        // The lowest bound of every tolerance on the probe counts.
        #"[{"probe": "web", "p95": "900ms"}, {"probe": "web", "max": "150ms"}]"#,
    ])
    func p99AndMaxTolerancesDetectToo(tolerances: String) throws {
        let world = World()
        world.probe = slowWhileToxic
        world.run(try Scenario.plan(faults: latency300, tolerances: tolerances))
        let web = try #require(world.report?.probes.first)
        #expect(web.ttdMs == 405)
    }

    /// Without a latency tolerance (or with only a median bound) a sample that succeeds never detects anything:
    /// the behaviour before slow samples counted.
    @Test(arguments: [
        #"[{"probe": "web", "minSuccessRate": 0.9}]"#,
        #"[{"probe": "web", "p50": "150ms"}]"#,
        #"[{"probe": "web", "p95": "400ms"}]"#,
    ])
    func withoutALatencyBoundBelowTheSamplesNothingIsDetected(tolerances: String) throws {
        let world = World()
        world.probe = slowWhileToxic
        world.run(try Scenario.plan(faults: latency300, tolerances: tolerances))
        let web = try #require(world.report?.probes.first)
        #expect(web.ttdMs == nil && web.firstFailureMs == nil)
    }

    @Test func theDetectionLatencyIsTheLowestP95P99OrMaxBoundOfThatProbe() throws {
        let steady = SteadyStateSpec(
            baseline: .seconds(1),
            tolerances: [
                CheckSpec(
                    probe: "web", latency: [LatencyBound(.p50, .milliseconds(50)), LatencyBound(.p99, .seconds(1))]),
                CheckSpec(probe: "db", latency: [LatencyBound(.max, .milliseconds(20))]),
                CheckSpec(probe: "web", rate: .minSuccessRate(0.9), latency: [LatencyBound(.p95, .milliseconds(700))]),
            ])
        #expect(steady.detectionLatency(for: "web") == .milliseconds(700))
        #expect(steady.detectionLatency(for: "db") == .milliseconds(20))
        #expect(steady.detectionLatency(for: "cache") == nil)
    }
}
