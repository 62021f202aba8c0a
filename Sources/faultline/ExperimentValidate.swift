/// `faultline experiment validate FILE`: check a file offline; every problem is printed with its JSON path.
import ArgumentParser
import FaultlineCore
import FaultlineExperiment
import FaultlinePosix

struct ExperimentValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an experiment file without touching anything (exit 64 when it is invalid).")

    @Argument(help: "The experiment file (JSON, faultline.experiment/v1).")
    var file: String

    func run() throws {
        let experiment = try ExitMapping.check { () throws(FaultlineError) in try Self.load(file) }
        let decoded: ExperimentFile
        do throws(ExperimentValidationError) {
            decoded = try ExperimentFile.decode(experiment)
        } catch {
            throw ExitMapping.report(.experimentFile(file, error))
        }
        let halts = decoded.halt.count
        StandardOutput.write(
            "\(file): valid (\(decoded.probes.count) probes, \(decoded.faults.count) faults, "
                + "\(halts) halt condition\(halts == 1 ? "" : "s")); proxies are checked when it runs\n")
        for warning in decoded.warnings { StandardOutput.write("warning: \(warning)\n") }
    }

    /// The file's bytes; an unreadable file is a usage error naming it.
    static func load(_ path: String) throws(FaultlineError) -> [UInt8] {
        do throws(Errno) {
            return try FileReader.read(path, limit: 4 << 20)
        } catch {
            throw .invalidValue(field: "FILE", reason: "cannot read \(path): \(error)")
        }
    }
}
