/// Small experiment files for engine tests, decoded from JSON so the tests also exercise the decoder.
import FaultlineCore
import FaultlineExperiment

/// A probe `web` every 100 ms (timeout 1 s), a 1 s baseline, tolerance ≥ 90% and p95 ≤ 500 ms, recovery
/// within 2 s with a 500 ms stable window; faults and halts as given. Probe phases are forced to zero so
/// sample k starts at exactly k·100 ms.
enum Scenario {
    static let slowFault = """
        [{"name": "slow", "proxy": "api", "at": "1s", "duration": "2s",
          "toxic": {"type": "latency", "attributes": {"latency": 600}}}]
        """
    static let downFault = """
        [{"name": "cut", "proxy": "api", "at": "1s", "duration": "2s", "down": true}]
        """

    static func json(
        faults: String = slowFault, halts: String = "[]", probeExtra: String = "", extra: String = "",
        tolerances: String = #"[{"probe": "web", "minSuccessRate": 0.9, "p95": "500ms"}]"#,
        recovery: String = #"{"within": "2s", "stableFor": "500ms"}"#
    ) -> String {
        """
        {
          "version": "faultline.experiment/v1",
          "title": "scenario",
          "seed": 7,
          "probes": {"web": {"http": {"url": "http://127.0.0.1:8080/"}, "every": "100ms", "timeout": "1s"\(probeExtra)}},
          "steadyState": {"baseline": "1s", "tolerances": \(tolerances)},
          "faults": \(faults),
          "halt": \(halts),
          "recovery": \(recovery)\(extra)
        }
        """
    }

    static func plan(
        faults: String = slowFault, halts: String = "[]", probeExtra: String = "", extra: String = "",
        tolerances: String = #"[{"probe": "web", "minSuccessRate": 0.9, "p95": "500ms"}]"#,
        recovery: String = #"{"within": "2s", "stableFor": "500ms"}"#
    ) throws -> ExperimentPlan {
        let text = json(
            faults: faults, halts: halts, probeExtra: probeExtra, extra: extra, tolerances: tolerances,
            recovery: recovery
        )
        let file = try ExperimentFile.decode(Array(text.utf8))
        var plan = ExperimentPlan(file: file, seed: 7, runID: "run1")
        for index in plan.probes.indices { plan.probes[index].phase = .zero }
        return plan
    }
}
