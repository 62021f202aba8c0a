/// A fault's toxic attributes are held to the server's range checks when the file is validated, not at injection.
import FaultlineCore
import FaultlineExperiment
import Testing

@Suite struct FaultToxicValidationTests {
    /// A file whose only fault adds `toxic`.
    private func issues(toxic: String) -> [String] {
        let text = """
            {"version": "faultline.experiment/v1", "title": "t", "probes": {"p": {"tcp": {"address": "127.0.0.1:1"}}},
             "steadyState": {"baseline": "10s"},
             "faults": [{"name": "f", "proxy": "x", "at": "10s", "duration": "5s", "toxic": \(toxic)}]}
            """
        do throws(ExperimentValidationError) {
            _ = try ExperimentFile.decode(Array(text.utf8))
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    /// Found by `scripts/fuzz experiment`: `validate` passed this file, then `run` halted when the server
    /// answered the toxic with a 400.
    @Test func lossModeTheServerRefusesIsAValidationIssue() {
        #expect(
            issues(toxic: #"{"type": "loss", "attributes": {"probability": 0.1, "mode": "dro2"}}"#)
                == ["faults[0].toxic.attributes.mode: must be stall or drop"])
    }

    @Test func lossRangesTheServerRefusesAreValidationIssuesNamingTheAttribute() {
        #expect(
            issues(toxic: #"{"type": "loss", "attributes": {"rto_min": 0}}"#)
                == ["faults[0].toxic.attributes.rto_min: must be between 1 and 3600000 milliseconds"])
        #expect(
            issues(toxic: #"{"type": "loss", "attributes": {"burst": 0.5}}"#)
                == ["faults[0].toxic.attributes.burst: must be at least 1"])
        #expect(
            issues(toxic: #"{"type": "nxdomain", "attributes": {"delay": 3600001}}"#)
                == ["faults[0].toxic.attributes.delay: must be between 0 and 3600000 milliseconds"])
    }

    @Test func attributesTheServerAcceptsStayValid() {
        #expect(issues(toxic: #"{"type": "loss", "attributes": {"probability": 0.1, "mode": "drop"}}"#) == [])
        #expect(issues(toxic: #"{"type": "latency", "attributes": {"latency": 100}}"#) == [])
    }
}
