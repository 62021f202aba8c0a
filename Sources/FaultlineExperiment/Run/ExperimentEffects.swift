/// The seam between the pure engine and the runner's I/O: probes, admin calls, the state file, output.
import FaultlineCore

/// What a run does to the world, implemented by the runner (sockets, processes, files) and by fakes in tests.
/// Each method must return promptly; results come back later through `ExperimentSession`. A conformer that calls
/// back into the session should hold it weakly (the session holds its effects).
public protocol ExperimentEffects: AnyObject {
    /// Take one sample now (tcp connect, one HTTP/1.1 request on a new connection, or `posix_spawn` of argv),
    /// aborting it at `probe.spec.timeout`; then call `ExperimentSession.sampleEnded(_:_:startedAt:)`.
    func startProbe(_ probe: PlannedProbe)
    /// Send the request (see `AdminRequest` for the route and body); then call `adminCompleted(_:_:)`.
    func perform(_ request: AdminRequest, id: ActionID)
    /// Replace the state file durably (write a temporary file, fsync, rename) before returning.
    func writeState(_ state: StateFile) throws(StateWriteError)
    /// Print one line for the operator (stderr).
    func notice(_ text: String)
    /// Write `report.json()`, print `ReportTable.render` if asked, delete the state file when `report.leftovers`
    /// is nil, and exit with `report.exitCode`.
    func finish(_ report: ExperimentReport)
}

/// The state file could not be written; the changes that depended on it are not sent.
public struct StateWriteError: Error, Equatable, Sendable {
    public var message: String

    public init(message: String) { self.message = message }
}
