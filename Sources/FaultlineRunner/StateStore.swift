/// The crash-safety state file of one run, written durably before every change and deleted when nothing is left.
import FaultlineExperiment
import FaultlinePosix

/// `<directory>/<runId>.state.json`; `faultline experiment cleanup` reads every such file in the directory.
public struct StateStore: Sendable {
    /// The file name suffix `cleanup` looks for.
    public static let suffix = ".state.json"

    public let path: String

    public init(directory: String, runID: String) {
        path = directory + "/" + runID + Self.suffix
    }

    /// `FAULTLINE_STATE_DIR`, else `$XDG_STATE_HOME/faultline/experiments`, else
    /// `$HOME/.local/state/faultline/experiments`, else `/tmp/faultline-experiments`.
    public static var defaultDirectory: String {
        func nonEmpty(_ name: String) -> String? { Environment.value(name).flatMap { $0.isEmpty ? nil : $0 } }
        if let explicit = nonEmpty("FAULTLINE_STATE_DIR") { return explicit }
        if let state = nonEmpty("XDG_STATE_HOME") { return state + "/faultline/experiments" }
        if let home = nonEmpty("HOME") { return home + "/.local/state/faultline/experiments" }
        return "/tmp/faultline-experiments"
    }

    /// Creates the directory; called before t0 so a run that cannot keep its state never starts.
    func prepare() throws(StateWriteError) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        do throws(Errno) {
            try Directory.create(directory)
        } catch {
            throw StateWriteError(message: "cannot create \(directory): \(error)")
        }
    }

    /// Replaces the file (temporary file, fsync, rename) before the change it lists is sent.
    func write(_ state: StateFile) throws(StateWriteError) {
        do throws(Errno) {
            try DurableFile.write(state.encoded(), to: path)
        } catch {
            throw StateWriteError(message: "\(path): \(error)")
        }
    }

    /// Deletes the file once nothing it lists can still be applied.
    func remove() throws(StateWriteError) {
        do throws(Errno) {
            try DurableFile.remove(path)
        } catch {
            throw StateWriteError(message: "cannot delete \(path): \(error)")
        }
    }
}
