/// A scripted world for engine tests: probes and admin calls answered on a TestLoop, every effect logged in order.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting

/// Plays the runner: `startProbe` and `perform` schedule their results on the virtual clock, admin changes are
/// applied to `toxics`/`disabled` when they complete, and every call is logged as `"<ms> <what>"`.
final class World: ExperimentEffects {
    let loop = TestLoop()
    weak var session: ExperimentSession?
    /// `proxy/name` of every toxic present.
    var toxics: Set<String> = []
    var disabled: Set<String> = []
    private(set) var log: [String] = []
    private(set) var states: [StateFile] = []
    private(set) var notices: [String] = []
    private(set) var report: ExperimentReport?
    var failStateWrites = false
    /// How a sample started now ends, and after how long.
    var probe: (World, String) -> (ProbeResult, Duration) = { _, _ in
        (.success(latency: .milliseconds(10)), .milliseconds(10))
    }
    /// How an admin request ends, and after how long.
    var admin: (World, AdminRequest) -> (AdminResult, Duration) = { _, _ in (.ok, .milliseconds(5)) }

    var nowMs: Int64 { (loop.now - .zero).wholeMilliseconds }

    /// Admin requests only, as `"<ms> <what>"`.
    var adminLog: [String] { log.filter { !$0.contains(" probe ") && !$0.contains(" state") } }

    func startProbe(_ probe: PlannedProbe) {
        let started = loop.now
        let (result, takes) = self.probe(self, probe.name)
        log.append("\(nowMs) probe \(probe.name)")
        _ = loop.schedule(at: started + takes) { [weak self] in
            self?.session?.sampleEnded(probe.name, result, startedAt: started)
        }
    }

    func perform(_ request: AdminRequest, id: ActionID) {
        log.append("\(nowMs) \(Self.describe(request))")
        let (result, takes) = admin(self, request)
        _ = loop.schedule(at: loop.now + takes) { [weak self] in
            guard let self else { return }
            if result == .ok { self.apply(request) }
            self.session?.adminCompleted(id, result)
        }
    }

    func writeState(_ state: StateFile) throws(StateWriteError) {
        log.append("\(nowMs) state")
        if failStateWrites { throw StateWriteError(message: "disk full") }
        states.append(state)
    }

    func notice(_ text: String) {
        notices.append(text)
        log.append("\(nowMs) notice \(text)")
    }

    func finish(_ report: ExperimentReport) {
        log.append("\(nowMs) finish \(report.status.rawValue)")
        self.report = report
    }

    private func apply(_ request: AdminRequest) {
        switch request {
        case .addToxic(let toxic): toxics.insert("\(toxic.proxy)/\(toxic.name)")
        case .removeToxic(let proxy, let name, _): toxics.remove("\(proxy)/\(name)")
        case .setEnabled(let proxy, let enabled, _):
            if enabled { disabled.remove(proxy) } else { disabled.insert(proxy) }
        }
    }

    static func describe(_ request: AdminRequest) -> String {
        switch request {
        case .addToxic(let toxic): "POST \(toxic.proxy) \(toxic.name)"
        case .removeToxic(let proxy, let name, _): "DELETE \(proxy) \(name)"
        case .setEnabled(let proxy, let enabled, _): enabled ? "ENABLE \(proxy)" : "DISABLE \(proxy)"
        }
    }

    /// Runs `plan` from t0 = 0 until it finishes or `limitMs` passes; `at` schedules extra inputs (signals).
    @discardableResult
    func run(
        _ plan: ExperimentPlan, dryRun: Bool = false, limitMs: Int64 = 60_000,
        at events: [(ms: Int64, (ExperimentSession) -> Void)] = []
    ) -> ExperimentSession {
        let options = ExperimentEngine.Options(dryRun: dryRun, admin: "http://127.0.0.1:8474")
        let session = ExperimentSession(
            engine: ExperimentEngine(plan: plan, options: options), scheduler: loop, effects: self)
        self.session = session
        for (ms, event) in events {
            _ = loop.schedule(at: .milliseconds(ms)) { event(session) }
        }
        session.start(wallClock: "2026-01-01T00:00:00Z")
        // Bounded: each step advances the clock, and the limit stops a run that never finishes.
        var steps = 0
        while !session.isFinished, loop.now < .milliseconds(limitMs), steps < 1_000_000 {
            guard let next = loop.nextDeadline else { break }
            loop.advance(to: min(next, .milliseconds(limitMs)))
            steps += 1
        }
        return session
    }
}
