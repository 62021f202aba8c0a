/// `faultline experiment run`: check the proxies, build the plan, drive the engine on an epoll loop to its finish.
import FaultlineClient
import FaultlineCore
import FaultlineExperiment
import FaultlinePosix

public enum ExperimentRunner {
    /// Runs the experiment to its end and returns the report (already written and printed); its `exitCode` is the
    /// process's. Returns an `invalid` report, having changed nothing, when the admin URL, a proxy or the state
    /// directory is unusable.
    public static func run(_ configuration: RunConfiguration, console: RunnerConsole = .standard) -> ExperimentReport {
        let file = configuration.file
        var output = ReportOutput(
            path: configuration.reportPath, format: configuration.format, table: file.report.table, console: console)
        output.stateDirectory = configuration.stateDirectory
        output.htmlPath = configuration.htmlPath
        // Before any other thread exists (the admin worker, lookups): they inherit the blocked mask.
        var watcher: SignalWatcher?
        if configuration.handleSignals {
            do throws(Errno) {
                watcher = try SignalWatcher()
            } catch {
                return output.reject(
                    title: file.title, issues: [ValidationIssue(path: "", message: "signalfd: \(error)")])
            }
        }
        SignalFD.ignoreBrokenPipe()
        let fleet = configuration.isFleet
        let instances: [PlannedInstance]
        switch discover(configuration) {
        case .success(let found): instances = found
        case .failure(let error): return output.reject(title: file.title, issues: error.issues)
        }
        var endpoints: [String: Endpoint] = [:]
        for (index, instance) in instances.enumerated() {
            do throws(ClientError) {
                endpoints[instance.admin] = try Endpoint(parsing: instance.admin)
            } catch {
                let path = fleet && configuration.admins.count > 1 ? "admin[\(index)]" : "admin"
                return output.reject(title: file.title, issues: [ValidationIssue(path: path, message: error.description)])
            }
        }
        let token = configuration.token
        func calls(_ instance: PlannedInstance) -> AdminCalls {
            AdminCalls(endpoint: endpoints[instance.admin] ?? .default, token: token)
        }
        let checked: Preflight.Outcome
        switch Preflight.check(file, instances: instances, calls: calls, fleet: fleet) {
        case .success(let outcome): checked = outcome
        case .failure(let error): return output.reject(title: file.title, issues: error.issues)
        }
        let server = checked.server
        let plan = ExperimentPlan(
            file: file, seed: configuration.seed, runID: configuration.runID, fleet: fleet ? checked.instances : nil)
        console.err(plan.summary)
        for skipped in checked.skipped {
            console.notice("optional instance \(skipped.admin) skipped: \(skipped.reason)")
        }
        if !server.seededToxics {
            console.notice("\(server.admin) is not Faultline: toxic randomness is not reproducible")
        }
        let state = StateStore(directory: configuration.stateDirectory, runID: configuration.runID)
        if !configuration.dryRun {
            do throws(StateWriteError) {
                try state.prepare()
            } catch {
                return output.reject(title: file.title, issues: [ValidationIssue(path: "", message: error.message)])
            }
        }
        var options = ExperimentEngine.Options(
            dryRun: configuration.dryRun, admin: fleet ? configuration.admin : server.admin, server: server,
            rollbackDeadline: configuration.rollbackDeadline)
        options.skippedInstances = checked.skipped
        return drive(
            ExperimentEngine(plan: plan, options: options), calls: plan.instances.map(calls),
            state: configuration.dryRun ? nil : state, watcher: watcher, console: console, output: output)
    }

    /// The instances: the admin entries, each `dns://` one resolved (with `--dns-server` when given).
    private static func discover(_ configuration: RunConfiguration) -> Result<[PlannedInstance], ExperimentValidationError> {
        var server: SocketAddress?
        if let text = configuration.dnsServer {
            guard let parsed = try? HostPort.parse(text), let address = SocketAddress(numericHost: parsed.host, port: parsed.port)
            else {
                let issue = ValidationIssue(path: "", message: "--dns-server \(text) is not a numeric HOST:PORT")
                return .failure(ExperimentValidationError(issues: [issue]))
            }
            server = address
        }
        return FleetDiscovery.instances(configuration.admins, server: server)
    }

    /// A file that cannot be run (unreadable, invalid): its problems printed, the `invalid` report written.
    public static func reject(
        title: String?, issues: [ValidationIssue], reportPath: String, htmlPath: String? = nil,
        format: RunConfiguration.Format, console: RunnerConsole = .standard
    ) -> ExperimentReport {
        var output = ReportOutput(path: reportPath, format: format, table: true, console: console)
        output.htmlPath = htmlPath
        return output.reject(title: title, issues: issues)
    }

    /// Builds the loop, the workers and the session, runs until the engine finishes, then releases every probe.
    private static func drive(
        _ engine: ExperimentEngine, calls: [AdminCalls], state: StateStore?, watcher: SignalWatcher?,
        console: RunnerConsole, output: ReportOutput
    ) -> ExperimentReport {
        let title = engine.plan.file.title
        let loop: EpollLoop
        let handle: LoopHandle<RunnerMessage>
        do throws(Errno) {
            loop = try EpollLoop()
            handle = try LoopHandle<RunnerMessage>()
        } catch {
            return output.reject(title: title, issues: [ValidationIssue(path: "", message: "event loop: \(error)")])
        }
        let probes = ProbeDriver(
            loop: loop, handle: handle, userAgent: "faultline-experiment/\(FaultlineVersion.current)")
        // One serial worker per instance: a hung instance delays only its own requests.
        let admins = calls.map {
            AdminWorker(calls: $0, handle: handle, includeSeed: engine.options.server?.seededToxics ?? false)
        }
        let effects = RunnerEffects(
            loop: loop, probes: probes, admins: admins, state: state, console: console, output: output)
        let session = ExperimentSession(engine: engine, scheduler: loop, effects: effects)
        effects.session = session
        probes.onResult = { [weak session] name, result, startedAt in
            session?.sampleEnded(name, result, startedAt: startedAt)
        }
        do throws(Errno) {
            _ = try handle.attach(to: loop) { [weak session, weak probes] messages in
                for message in messages {
                    switch message {
                    case .admin(let id, let result): session?.adminCompleted(id, result)
                    case .resolved(let token, let result): probes?.resolved(token, result)
                    }
                }
            }
            watcher?.session = session
            try watcher?.attach(to: loop)
            session.start(wallClock: WallClock.iso8601())
            if !session.isFinished { try loop.run() }
        } catch {
            console.notice("event loop failed: \(error)")
        }
        probes.cancelAll()
        if let report = effects.report { return report }
        // The loop died mid-run: what the run may have changed is in the state file, which is left for cleanup.
        var report = ExperimentReport(title: title, status: .rollbackFailed)
        report.runID = engine.plan.runID
        report.seed = engine.plan.seed
        report.errors = ["the event loop failed; run: faultline experiment cleanup (the state file lists what is left)"]
        output.deliver(report)
        return report
    }
}
