/// Runs an `ExperimentEngine` on a `Scheduler`: feeds it inputs, performs its actions, keeps one wake-up timer.
import FaultlineCore

/// The driver glue the runner uses, on one loop thread: `EpollLoop` in production, `TestLoop` in tests.
/// Inputs that arrive while actions are being performed (a fake that answers at once) are queued, so the engine
/// always sees one input at a time, in order.
public final class ExperimentSession {
    public private(set) var engine: ExperimentEngine
    private let scheduler: any Scheduler
    private let effects: any ExperimentEffects
    private var timer: (id: TimerID, at: Instant)?
    private var queued: [(inout ExperimentEngine) -> [ExperimentAction]] = []
    private var busy = false

    public init(engine: ExperimentEngine, scheduler: any Scheduler, effects: any ExperimentEffects) {
        self.engine = engine
        self.scheduler = scheduler
        self.effects = effects
    }

    public var isFinished: Bool { engine.isFinished }

    /// t0 is the scheduler's current time.
    public func start(wallClock: String? = nil) {
        let now = scheduler.now
        feed { $0.start(now: now, wallClock: wallClock) }
    }

    /// A sample started by `startProbe` has ended now.
    public func sampleEnded(_ probe: String, _ result: ProbeResult, startedAt: Instant) {
        let now = scheduler.now
        feed { $0.sample(probe, result, startedAt: startedAt, endedAt: now) }
    }

    /// An admin request started by `perform` has ended now.
    public func adminCompleted(_ id: ActionID, _ result: AdminResult) {
        let now = scheduler.now
        feed { $0.actionCompleted(id, result, now: now) }
    }

    /// The admin API is unusable (for example the runner lost it between requests).
    public func adminFailed(_ reason: String) {
        let now = scheduler.now
        feed { $0.adminFailed(reason, now: now) }
    }

    /// SIGINT or SIGTERM arrived (through signalfd).
    public func interrupted(_ signal: StopSignal) {
        let now = scheduler.now
        feed { $0.interrupted(signal, now: now) }
    }

    private func feed(_ input: @escaping (inout ExperimentEngine) -> [ExperimentAction]) {
        queued.append(input)
        guard !busy else { return }
        busy = true
        while !queued.isEmpty {
            let next = queued.removeFirst()
            perform(next(&engine))
        }
        busy = false
        rearm()
    }

    /// Performs actions in order; after a failed state write nothing else of that batch is sent, and the engine
    /// hears so (which rolls the run back).
    private func perform(_ actions: [ExperimentAction]) {
        var unsent: String?
        for action in actions {
            switch action {
            case .startProbe(let name):
                if let probe = engine.plan.probe(named: name) { effects.startProbe(probe) }
            case .writeState(let state):
                do throws(StateWriteError) {
                    try effects.writeState(state)
                } catch {
                    unsent = "state file not written: \(error.message)"
                }
            case .admin(let id, let request):
                if let unsent {
                    let now = scheduler.now
                    queued.append { $0.actionCompleted(id, .notSent(unsent), now: now) }
                } else {
                    effects.perform(request, id: id)
                }
            case .notice(let text):
                effects.notice(text)
            case .finish(let report):
                effects.finish(report)
            }
        }
    }

    /// Keeps exactly one timer, at the engine's next wake-up.
    private func rearm() {
        let wake = engine.nextWake
        if let timer, timer.at == wake { return }
        if let timer { scheduler.cancel(timer.id) }
        timer = nil
        guard let wake else { return }
        let id = scheduler.schedule(at: wake) { [weak self] in
            guard let self else { return }
            self.timer = nil
            let now = self.scheduler.now
            self.feed { $0.tick(now: now) }
        }
        timer = (id, wake)
    }
}
