/// The experiment as a pure state machine: time and events in, actions out; the driver does all the I/O.
import FaultlineCore

/// Runs one plan. Every input takes the current instant and returns the actions to perform, in order; after each
/// call the driver arms one timer for `nextWake` and calls `tick(now:)` when it fires (as NIO's state machines and
/// `LinkDriver` do). Nothing here reads a clock, draws a random number or touches a socket.
public struct ExperimentEngine: Sendable {
    /// How the run behaves beyond what the file says.
    public struct Options: Sendable {
        /// Validate, resolve, probe the baseline and evaluate the gate; never touch the admin API.
        public var dryRun: Bool
        /// The admin URL in effect (recorded in the state file and the report).
        public var admin: String
        public var server: ServerInfo?
        /// How long a rollback (and each normal removal) may retry before it counts as failed.
        public var rollbackDeadline: Duration
        /// First retry delay of a failed removal; it doubles up to `maxRetryBackoff`.
        public var retryBackoff: Duration
        public var maxRetryBackoff: Duration
        /// Optional fleet instances that did not answer before t0 (not in the plan), with why: for the report.
        public var skippedInstances: [(admin: String, reason: String)] = []

        public init(
            dryRun: Bool = false, admin: String = ExperimentFile.defaultAdmin, server: ServerInfo? = nil,
            rollbackDeadline: Duration = .seconds(10), retryBackoff: Duration = .milliseconds(100),
            maxRetryBackoff: Duration = .seconds(2)
        ) {
            self.dryRun = dryRun
            self.admin = admin
            self.server = server
            self.rollbackDeadline = rollbackDeadline
            self.retryBackoff = retryBackoff
            self.maxRetryBackoff = maxRetryBackoff
        }
    }

    enum Stage: Sendable {
        case idle, baseline, injecting, recovering, finished
    }

    enum RollbackCause: String, Sendable {
        case halt, maxDuration, adminFailure, signal, instanceLost
    }

    struct RollbackState: Sendable {
        var cause: RollbackCause
        var startedAt: Instant
        var deadline: Instant
        var completedAt: Instant?
    }

    struct HaltState: Sendable {
        var reason: String
        var condition: Int?
        var outcome: CheckOutcome?
        var detail: String?
        var phase: String
        var at: Instant
        var rollbackCompletedAt: Instant?
    }

    struct FaultState: Sendable {
        var keys: [ChangeSlot.Key]
        var startedAt: Instant?
        var injectedAt: Instant?
        var releasedAt: Instant?
        var removedAt: Instant?
    }

    struct ProbeState: Sendable {
        var planned: PlannedProbe
        var nextTick: Int64 = 0
        var inFlight = false
        var log = SampleLog()
    }

    struct RecoveryState: Sendable {
        var from: Instant
        var evaluatedThrough: Instant?
        var stableFrom: Instant?
        var lastOutcomes: [CheckOutcome] = []
    }

    public let plan: ExperimentPlan
    public let options: Options
    var stage = Stage.idle
    var t0 = Instant.zero
    var wallClock: String?
    var probes: [ProbeState]
    var nextStep = 0
    var faults: [FaultState]
    var slots: [ChangeSlot] = []
    var slotIndex: [ChangeSlot.Key: Int] = [:]
    var requests: [ActionID: Int] = [:]
    var nextActionID: UInt64 = 1
    var firstInjectionStartedAt: Instant?
    var lastRemovalAt: Instant?
    var gate: [CheckOutcome]?
    var verdict: [CheckOutcome]?
    var halt: HaltState?
    var rollback: RollbackState?
    var interruption: (signal: StopSignal, at: Instant)?
    var capReached = false
    var recovery: RecoveryState?
    var errors: [String] = []
    var rollbackFailed = false
    var baselineFailed = false
    /// Per instance of a fleet: what it confirmed, what failed on it, and whether (and why) it was lost.
    var fleet: [InstanceLog]
    /// True once `.finish` has been returned; every later input returns nothing.
    public private(set) var isFinished = false

    public init(plan: ExperimentPlan, options: Options = Options()) {
        self.plan = plan
        self.options = options
        probes = plan.probes.map { ProbeState(planned: $0) }
        fleet = plan.instances.map { _ in InstanceLog() }
        faults = plan.faults.map { fault in
            switch fault.change {
            case .toxics(let toxics):
                FaultState(keys: toxics.map { .toxic(instance: $0.instance, proxy: $0.proxy, name: $0.name) })
            case .down:
                FaultState(keys: fault.instances.flatMap { instance in
                    fault.proxies.map { .disabled(instance: instance, proxy: $0) }
                })
            }
        }
    }

    /// t0: probing starts now. `wallClock` is the start as the runner prints it (RFC 3339), for the report.
    public mutating func start(now: Instant, wallClock: String? = nil) -> [ExperimentAction] {
        guard stage == .idle else { return [] }
        stage = .baseline
        t0 = now
        self.wallClock = wallClock
        var out: [ExperimentAction] = []
        runDue(now, into: &out)
        return out
    }

    /// Runs whatever is due by `now` (probe ticks, faults, deadlines, the recovery search).
    public mutating func tick(now: Instant) -> [ExperimentAction] {
        var out: [ExperimentAction] = []
        runDue(now, into: &out)
        return out
    }

    /// A sample of `probe` that started at `startedAt` has ended at `endedAt` (the current instant).
    public mutating func sample(
        _ probe: String, _ result: ProbeResult, startedAt: Instant, endedAt: Instant
    ) -> [ExperimentAction] {
        var out: [ExperimentAction] = []
        record(probe, result, startedAt: startedAt, endedAt: endedAt, into: &out)
        runDue(endedAt, into: &out)
        return out
    }

    /// An admin request returned by an `.admin` action has finished.
    public mutating func actionCompleted(_ id: ActionID, _ result: AdminResult, now: Instant) -> [ExperimentAction] {
        var out: [ExperimentAction] = []
        completed(id, result, now: now, into: &out)
        runDue(now, into: &out)
        return out
    }

    /// The admin API failed outside any one request (the runner lost it): roll back what is injected.
    public mutating func adminFailed(_ reason: String, now: Instant) -> [ExperimentAction] {
        var out: [ExperimentAction] = []
        failAdmin(reason, now: now, into: &out)
        runDue(now, into: &out)
        return out
    }

    /// SIGINT or SIGTERM: roll back and finish. A second signal never abandons the rollback.
    public mutating func interrupted(_ signal: StopSignal, now: Instant) -> [ExperimentAction] {
        var out: [ExperimentAction] = []
        interrupt(signal, now: now, into: &out)
        runDue(now, into: &out)
        return out
    }

    /// When `tick(now:)` must next be called; nil once finished (or before `start`).
    public var nextWake: Instant? {
        guard !isFinished, stage != .idle else { return nil }
        var wake: Instant?
        func consider(_ time: Instant?) {
            guard let time else { return }
            wake = wake.map { min($0, time) } ?? time
        }
        for probe in probes { consider(tickTime(probe, probe.nextTick)) }
        if rollback == nil, stage == .baseline || stage == .injecting, nextStep < plan.steps.count {
            consider(t0 + plan.steps[nextStep].offset)
        }
        if !capReached { consider(t0 + plan.maxDuration) }
        if let rollback, rollback.completedAt == nil { consider(rollback.deadline) }
        for slot in slots {
            consider(slot.retryAt)
            if rollback == nil, !slot.isClear { consider(slot.removalDeadline) }
        }
        consider(recoveryWake)
        return wake
    }

    var isRollingBack: Bool { rollback != nil && rollback?.completedAt == nil }

    /// The instant of the first fault whose changes were all confirmed.
    var firstInjectedAt: Instant? { faults.compactMap(\.injectedAt).min() }

    /// Steps due by `now`, in an order that lets a finish cut the rest short.
    mutating func runDue(_ now: Instant, into out: inout [ExperimentAction]) {
        guard !isFinished, stage != .idle else { return }
        checkDeadlines(now, into: &out)
        if !isFinished { advanceTimeline(now, into: &out) }
        if !isFinished { advanceRecovery(now, into: &out) }
        if !isFinished { advanceProbes(now, into: &out) }
    }

    mutating func finish(_ now: Instant, into out: inout [ExperimentAction]) {
        guard !isFinished else { return }
        isFinished = true
        let report = makeReport(now)
        stage = .finished
        out.append(.finish(report))
    }
}
