/// A valid experiment run to the end on virtual time against a world whose probes and admin calls answer at
/// random (seeded by the input): whatever happens, the run finishes and leaves nothing behind unless it says so.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting
import FuzzSupport

final class EngineRun: ExperimentEffects {
    /// Longer runs only repeat what these show and would make one input take seconds (libFuzzer calls that a hang).
    static let stepLimit = 5_000

    let loop = TestLoop()
    weak var session: ExperimentSession?
    var rng: SplitMix64
    /// Out of 8, how often a probe fails or is slow: from a healthy system (0) to one failing half the time (4).
    let failureOdds: UInt64
    /// `proxy/name` of every toxic the world holds, and every disabled proxy.
    var toxics: Set<String> = []
    var disabled: Set<String> = []
    var reports: [ExperimentReport] = []

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        failureOdds = rng.next() % 5
    }

    /// Runs `plan`; checks what must hold once it has finished within the step limit.
    static func check(_ plan: ExperimentPlan, seed: UInt64) {
        let world = EngineRun(seed: seed)
        let session = ExperimentSession(
            engine: ExperimentEngine(plan: plan, options: .init(admin: "http://127.0.0.1:8474")),
            scheduler: world.loop, effects: world)
        world.session = session
        if world.rng.next() % 16 == 0 {
            // Weak: the session holds this world, whose loop would otherwise keep the session alive after the run.
            _ = world.loop.schedule(at: .zero + .milliseconds(Int64(world.rng.next() % 30_000))) { [weak session] in
                session?.interrupted(.sigint)
            }
        }
        session.start(wallClock: "2026-01-01T00:00:00Z")
        var steps = 0
        while !session.isFinished, steps < stepLimit, let next = world.loop.nextDeadline {
            world.loop.advance(to: next)
            steps += 1
        }
        guard session.isFinished else { return }
        require(world.reports.count == 1, "a finished run reported \(world.reports.count) times")
        guard let report = world.reports.first else { return }
        _ = report.json()
        _ = ReportTable.render(report)
        if report.status == .rollbackFailed {
            require(report.leftovers != nil, "a failed rollback lists no leftovers")
        } else {
            require(world.toxics.isEmpty, "\(report.status.rawValue) run left toxics behind: \(world.toxics)")
            require(world.disabled.isEmpty, "\(report.status.rawValue) run left proxies disabled: \(world.disabled)")
        }
    }

    func startProbe(_ probe: PlannedProbe) {
        let started = loop.now
        let slow = rng.next() % 8 < failureOdds
        let takes = Duration.milliseconds(Int64(rng.next() % (slow ? 3_000 : 100)))
        let result: ProbeResult
        if rng.next() % 8 >= failureOdds {
            result = .success(latency: takes)
        } else {
            result = rng.next() % 2 == 0 ? .failure(reason: "refused", latency: nil) : .timedOut
        }
        _ = loop.schedule(at: started + takes) { [weak self] in
            self?.session?.sampleEnded(probe.name, result, startedAt: started)
        }
    }

    /// Answers as a server would: 409 for a toxic already there, 404 for one that is not, and now and then a
    /// failure, which (like a timeout after the server acted) may or may not have made the change.
    func perform(_ request: AdminRequest, id: ActionID) {
        let failed = rng.next() % 16 == 0
        let appliedAnyway = rng.next() % 2 == 0
        _ = loop.schedule(at: loop.now + .milliseconds(Int64(rng.next() % 50))) { [weak self] in
            guard let self else { return }
            let result: AdminResult
            switch request {
            case .addToxic(let toxic) where self.toxics.contains("\(toxic.proxy)/\(toxic.name)"):
                result = .failed("HTTP 409: toxic already exists")
            case .removeToxic(let proxy, let name, _) where !self.toxics.contains("\(proxy)/\(name)"):
                result = .notFound
            default:
                result = failed ? .failed("HTTP 500") : .ok
                if !failed || appliedAnyway { self.apply(request) }
            }
            self.session?.adminCompleted(id, result)
        }
    }

    func writeState(_ state: StateFile) throws(StateWriteError) {}

    func notice(_ text: String) {}

    func finish(_ report: ExperimentReport) { reports.append(report) }

    private func apply(_ request: AdminRequest) {
        switch request {
        case .addToxic(let toxic): toxics.insert("\(toxic.proxy)/\(toxic.name)")
        case .removeToxic(let proxy, let name, _): toxics.remove("\(proxy)/\(name)")
        case .setEnabled(let proxy, let enabled, _):
            if enabled { disabled.remove(proxy) } else { disabled.insert(proxy) }
        }
    }
}
