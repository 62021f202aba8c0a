/// The experiment file fuzz target: `experiment validate` on any bytes, then the plan a valid file resolves to,
/// the toxic bodies the runner would send, and the state file `cleanup` reads.
import FaultlineCore
import FaultlineExperiment
import FuzzSupport

enum ExperimentTarget {
    static func run(_ bytes: [UInt8]) {
        checkStateFile(bytes)
        let file: ExperimentFile
        do throws(ExperimentValidationError) {
            file = try ExperimentFile.decode(bytes)
        } catch {
            require(!error.issues.isEmpty, "a file was refused without naming a problem")
            require(error.issues.allSatisfy { !$0.message.isEmpty }, "a problem without a message")
            return
        }
        require(!file.probes.isEmpty && !file.faults.isEmpty, "a valid file without probes or faults")
        _ = file.warnings
        PlanChecks.check(file, seed: file.seed ?? 7)
        EngineRun.check(ExperimentPlan(file: file, seed: file.seed ?? 7, runID: "0badc0de"), seed: fnv1a(bytes))
    }

    /// The world's answers are seeded by the whole input, so they change whenever the input does.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// A state file that reads writes back to bytes that read the same and write back identically.
    static func checkStateFile(_ bytes: [UInt8]) {
        guard let state = try? StateFile.decode(bytes) else { return }
        let written = state.encoded()
        guard let again = try? StateFile.decode(written) else {
            require(false, "a written state file does not read: \(String(decoding: written, as: UTF8.self))")
            return
        }
        require(again == state && again.encoded() == written, "a state file changed on a round trip")
    }
}
