/// `ExperimentEffects` for real: probes on the loop, admin calls on the worker, the state file on disk, the report.
import FaultlineExperiment
import FaultlinePosix

final class RunnerEffects: ExperimentEffects {
    weak var session: ExperimentSession?
    private let loop: EpollLoop
    private let probes: ProbeDriver
    /// One per instance of the plan (one for a plain run), indexed as `AdminRequest.instance`.
    private let admins: [AdminWorker]
    /// Nil in a dry run, which never changes anything.
    private let state: StateStore?
    private let console: RunnerConsole
    private let output: ReportOutput
    /// Set by `finish`; the run's result.
    private(set) var report: ExperimentReport?

    init(
        loop: EpollLoop, probes: ProbeDriver, admins: [AdminWorker], state: StateStore?, console: RunnerConsole,
        output: ReportOutput
    ) {
        self.loop = loop
        self.probes = probes
        self.admins = admins
        self.state = state
        self.console = console
        self.output = output
    }

    func startProbe(_ probe: PlannedProbe) { probes.start(probe) }

    func perform(_ request: AdminRequest, id: ActionID) {
        guard admins.indices.contains(request.instance) else {
            return session?.adminCompleted(id, .notSent("no instance \(request.instance)")) ?? ()
        }
        admins[request.instance].perform(request, id: id)
    }

    func writeState(_ state: StateFile) throws(StateWriteError) {
        try self.state?.write(state)
    }

    func notice(_ text: String) { console.notice(text) }

    /// Writes and prints the report, forgets the state file unless something is still injected, stops the loop.
    func finish(_ report: ExperimentReport) {
        self.report = report
        output.deliver(report)
        if report.leftovers == nil, let state {
            do throws(StateWriteError) {
                try state.remove()
            } catch {
                console.notice(error.message)
            }
        }
        loop.stop()
    }
}
