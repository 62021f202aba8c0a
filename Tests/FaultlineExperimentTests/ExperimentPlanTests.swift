/// Plan resolution: identical for the same seed, different across seeds, and every seeded choice within its bounds.
import FaultlineCore
import FaultlineExperiment
import Testing

private func designPlan(seed: UInt64, runID: String = "7f3a9c21") throws -> ExperimentPlan {
    ExperimentPlan(file: try ExperimentFile.decode(DesignExample.bytes), seed: seed, runID: runID)
}

@Suite struct ExperimentPlanTests {
    @Test func theSameSeedGivesTheSamePlan() throws {
        for seed: UInt64 in [0, 1, 42, .max] {
            #expect(try designPlan(seed: seed) == designPlan(seed: seed))
        }
    }

    /// Pinned so that a process-seeded hash (Swift's `Hasher`) or a change of derivation cannot slip in.
    @Test func seed42ResolvesToThePinnedPlan() throws {
        let plan = try designPlan(seed: 42)
        #expect(plan.faults[1].proxies == PinnedPlan.pick42)
        #expect(plan.faults[1].start == .milliseconds(PinnedPlan.start42))
        #expect(plan.probes.map { $0.phase.nanosecondsClamped } == PinnedPlan.phases42)
    }

    @Test func differentSeedsGiveDifferentPlans() throws {
        let plans = try (1...20).map { try designPlan(seed: UInt64($0)) }
        #expect(Set(plans.map { $0.faults[1].proxies }).count > 1)
        #expect(Set(plans.map { $0.faults[1].start }).count > 10)
        #expect(Set(plans.map { $0.probes[0].phase }).count > 10)
        guard case .toxics(let first) = plans[0].faults[0].change, case .toxics(let second) = plans[1].faults[0].change
        else {
            Issue.record("expected toxics")
            return
        }
        #expect(first[0].seed != second[0].seed)
    }

    @Test func seededChoicesStayWithinTheirBounds() throws {
        for seed in UInt64(0)..<200 {
            let plan = try designPlan(seed: seed)
            let cache = plan.faults[1]
            #expect(cache.start >= .seconds(20) && cache.start <= .seconds(30))
            #expect(cache.start.nanosecondsClamped % 1_000_000 == 0)
            #expect(cache.end == cache.start + .seconds(5))
            #expect(cache.proxies.count == 1)
            #expect(["cache-a", "cache-b", "cache-c"].contains(cache.proxies[0]))
            for probe in plan.probes { #expect(probe.phase >= .zero && probe.phase < probe.spec.every) }
        }
    }

    @Test func everyCandidateIsPickedForSomeSeed() throws {
        let picks = Set(try (UInt64(0)..<60).map { try designPlan(seed: $0).faults[1].proxies })
        #expect(picks == [["cache-a"], ["cache-b"], ["cache-c"]])
    }

    @Test func pickKeepsFileOrderAndWithoutPickTakesAll() throws {
        let faults = """
            [{"name": "two", "proxy": ["a", "b", "c", "d"], "pick": 2, "at": "1s", "duration": "1s", "down": true},
             {"name": "all", "proxy": ["a", "b"], "at": "1s", "duration": "1s", "down": true}]
            """
        for seed in UInt64(0)..<50 {
            let file = try ExperimentFile.decode(Array(Scenario.json(faults: faults).utf8))
            let plan = ExperimentPlan(file: file, seed: seed, runID: "r")
            let picked = plan.faults[0].proxies
            #expect(picked.count == 2 && Set(picked).count == 2)
            #expect(picked == ["a", "b", "c", "d"].filter(picked.contains))
            #expect(plan.faults[1].proxies == ["a", "b"])
        }
    }

    @Test func streamBothExpandsIntoTwoToxicsPerProxy() throws {
        let faults = """
            [{"name": "lag", "proxy": ["api", "db"], "at": "1s", "duration": "2s",
              "toxic": {"type": "latency", "stream": "both", "toxicity": 0.25, "attributes": {"latency": 100}}}]
            """
        let plan = try Scenario.plan(faults: faults)
        guard case .toxics(let toxics) = plan.faults[0].change else {
            Issue.record("expected toxics")
            return
        }
        #expect(toxics.map(\.proxy) == ["api", "api", "db", "db"])
        #expect(toxics.map(\.name) == ["flx-run1-lag-up", "flx-run1-lag-down", "flx-run1-lag-up", "flx-run1-lag-down"])
        #expect(toxics.map(\.stream) == [.upstream, .downstream, .upstream, .downstream])
        #expect(toxics.allSatisfy { $0.toxicity == 0.25 && $0.kind == .latency(LatencyAttributes(latency: 100)) })
        #expect(Set(toxics.map(\.seed)).count == 4)
        #expect(plan.faults[0].toxicNames == ["flx-run1-lag-up", "flx-run1-lag-down"])
    }

    @Test func toxicBodiesCarryTheSeedOnlyWhenAsked() throws {
        let plan = try designPlan(seed: 42)
        guard case .toxics(let toxics) = plan.faults[0].change, let toxic = toxics.first else {
            Issue.record("expected a toxic")
            return
        }
        let bare =
            #"{"name":"flx-7f3a9c21-slow-payments","type":"latency","stream":"downstream","toxicity":0.5,"#
            + #""attributes":{"latency":300,"jitter":50}"#
        #expect(String(decoding: toxic.body(includeSeed: false), as: UTF8.self) == bare + "}")
        #expect(String(decoding: toxic.body(includeSeed: true), as: UTF8.self) == bare + ",\"seed\":\(toxic.seed)}")
        // Faultline's own decoder reads it back, seed included.
        let decoded = try ToxicSpec.decodeCreateBody(toxic.body(includeSeed: true)).toxic
        #expect(decoded.name == toxic.name && decoded.seed == toxic.seed && decoded.toxicity == 0.5)
    }

    @Test func stepsAreOrderedWithRemovalsFirstAtEqualOffsets() throws {
        let faults = """
            [{"name": "b", "proxy": "x", "at": "3s", "duration": "1s", "down": true},
             {"name": "a", "proxy": "y", "at": "1s", "duration": "2s", "down": true}]
            """
        let plan = try Scenario.plan(faults: faults)
        #expect(
            plan.steps == [
                PlanStep(offset: .seconds(1), fault: 1, kind: .inject),
                PlanStep(offset: .seconds(3), fault: 1, kind: .remove),
                PlanStep(offset: .seconds(3), fault: 0, kind: .inject),
                PlanStep(offset: .seconds(4), fault: 0, kind: .remove),
            ]
        )
        #expect(plan.gateOffset == .seconds(1))
        // maxDuration defaults to the last end + recovery.within + 10 s.
        #expect(plan.maxDuration == .seconds(4) + .seconds(2) + .seconds(10))
    }

    @Test func addingAProbeDoesNotMoveTheFaults() throws {
        let file = try ExperimentFile.decode(DesignExample.bytes)
        var more = file
        more.probes.insert(ProbeSpec(name: "extra", kind: .tcp(TCPProbe(address: "h:1", host: "h", port: 1))), at: 0)
        let a = ExperimentPlan(file: file, seed: 9, runID: "r")
        let b = ExperimentPlan(file: more, seed: 9, runID: "r")
        #expect(a.faults == b.faults)
        #expect(a.probes[0].phase == b.probes[1].phase)
    }

    @Test func runIDsAreEightHexDigits() {
        #expect(ExperimentPlan.runID(from: 0x7F3A_9C21) == "7f3a9c21")
        #expect(ExperimentPlan.runID(from: 0) == "00000000")
        #expect(ExperimentPlan.runID(from: .max) == "ffffffff")
    }

    @Test func theSummaryListsOffsetsTargetsAndToxicNames() throws {
        let plan = try designPlan(seed: 42)
        let text = plan.summary
        #expect(text.hasPrefix("plan  seed 42  run 7f3a9c21  gate at +10.000s  maxDuration 3m\n"))
        #expect(
            text.contains(
                "slow-payments   +10.000s → +40.000s  payments  latency 300±50ms downstream, 50.0% of connections"))
        #expect(text.contains("toxic flx-7f3a9c21-slow-payments on payments downstream seed "))
        #expect(text.contains("one-cache-down  +\(ReportTextProbe.seconds(plan.faults[1].start))s"))
        #expect(text.contains("\(plan.faults[1].proxies[0])  disabled"))
    }
}

/// Expected values for seed 42, checked against an independent Python re-implementation of FNV-1a + SplitMix64.
enum PinnedPlan {
    static let pick42 = ["cache-b"]
    static let start42: Int64 = 26_738
    static let phases42: [Int64] = [70_536_945, 358_781_887, 404_213_732]
}

/// Seconds with three decimals, as the summary prints them.
enum ReportTextProbe {
    static func seconds(_ duration: Duration) -> String {
        let ms = duration.wholeMilliseconds
        let fraction = String(ms % 1000)
        return "\(ms / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
