/// Experiment files for the runner tests: one http probe `page` every 100 ms, a 1 s baseline, faults and halts
/// as given, recovery within 5 s with a 500 ms stable window.
import FaultlineExperiment

enum Experiments {
    static func json(
        admin: String, url: String, faults: String, halts: String = "[]", probeExtra: String = "",
        tolerances: String = #"[{"probe": "page", "minSuccessRate": 0.9}]"#, extraProbes: String = "",
        recovery: String = #"{"within": "5s", "stableFor": "500ms"}"#
    ) -> String {
        """
        {
          "version": "faultline.experiment/v1",
          "title": "runner test",
          "seed": 11,
          "admin": "\(admin)",
          "probes": {
            "page": {"http": {"url": "\(url)"}, "every": "100ms", "timeout": "2s"\(probeExtra)}\(extraProbes)
          },
          "steadyState": {"baseline": "1s", "tolerances": \(tolerances)},
          "faults": \(faults),
          "halt": \(halts),
          "recovery": \(recovery)
        }
        """
    }

    /// A latency toxic on `proxy` from 1 s for `duration`.
    static func latency(_ milliseconds: Int, proxy: String = "web", duration: String = "2s") -> String {
        """
        [{"name": "slow", "proxy": "\(proxy)", "at": "1s", "duration": "\(duration)",
          "toxic": {"type": "latency", "attributes": {"latency": \(milliseconds)}}}]
        """
    }

    /// `web` disabled and a latency toxic on it in both directions, from 1 s for `duration`.
    static func downAndSlow(duration: String) -> String {
        """
        [{"name": "cut", "proxy": "web", "at": "1s", "duration": "\(duration)", "down": true},
         {"name": "slow", "proxy": "web", "at": "1s", "duration": "\(duration)",
          "toxic": {"type": "latency", "stream": "both", "attributes": {"latency": 5}}}]
        """
    }

    static func decode(_ text: String) throws -> ExperimentFile {
        try ExperimentFile.decode(Array(text.utf8))
    }
}
