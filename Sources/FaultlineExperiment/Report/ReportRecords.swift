/// The rows of a report: faults, phases, probes, hypothesis checks, halt, rollback, interruption, recovery.

/// One fault as planned and as it happened.
public struct FaultRecord: Equatable, Sendable {
    public var name: String
    public var proxies: [String]
    public var toxics: [String]
    /// `latency 300±50ms downstream, 50% of connections` or `disabled`.
    public var effect: String
    public var plannedAtMs: Int64
    public var injectedAtMs: Int64?
    public var plannedEndMs: Int64
    public var removedAtMs: Int64?
    /// The admin URLs of the instances it was applied to, in a fleet run; nil otherwise.
    public var instances: [String]?

    public init(
        name: String, proxies: [String], toxics: [String], effect: String, plannedAtMs: Int64, injectedAtMs: Int64?,
        plannedEndMs: Int64, removedAtMs: Int64?, instances: [String]? = nil
    ) {
        self.instances = instances
        self.name = name
        self.proxies = proxies
        self.toxics = toxics
        self.effect = effect
        self.plannedAtMs = plannedAtMs
        self.injectedAtMs = injectedAtMs
        self.plannedEndMs = plannedEndMs
        self.removedAtMs = removedAtMs
    }
}

/// A named interval of the run.
public struct PhaseRecord: Equatable, Sendable {
    public var name: String
    public var fromMs: Int64
    public var toMs: Int64

    public init(name: String, fromMs: Int64, toMs: Int64) {
        self.name = name
        self.fromMs = fromMs
        self.toMs = toMs
    }
}

/// One probe's statistics per phase, and its time to detect.
public struct ProbeRecord: Equatable, Sendable {
    public var name: String
    /// Phase name and statistics, in `phases` order.
    public var phases: [(name: String, stats: SampleStats)]
    /// End of the first sample after the first injection that failed, or was slower than the lowest p95, p99 or max
    /// tolerance of the probe (`SteadyStateSpec.detectionLatency(for:)`).
    public var firstFailureMs: Int64?
    public var ttdMs: Int64?

    public init(
        name: String, phases: [(name: String, stats: SampleStats)], firstFailureMs: Int64? = nil, ttdMs: Int64? = nil
    ) {
        self.name = name
        self.phases = phases
        self.firstFailureMs = firstFailureMs
        self.ttdMs = ttdMs
    }

    public static func == (lhs: ProbeRecord, rhs: ProbeRecord) -> Bool {
        lhs.name == rhs.name && lhs.firstFailureMs == rhs.firstFailureMs && lhs.ttdMs == rhs.ttdMs
            && lhs.phases.map(\.name) == rhs.phases.map(\.name) && lhs.phases.map(\.stats) == rhs.phases.map(\.stats)
    }

    public func stats(_ phase: String) -> SampleStats? { phases.first { $0.name == phase }?.stats }
}

/// A check outcome in a phase.
public struct HypothesisRow: Equatable, Sendable {
    public var phase: String
    public var outcome: CheckOutcome

    public init(phase: String, outcome: CheckOutcome) {
        self.phase = phase
        self.outcome = outcome
    }
}

/// Why and when the run was halted.
public struct HaltSummary: Equatable, Sendable {
    /// `condition`, `maxDuration` or `adminFailure`.
    public var reason: String
    /// Index into `halt` for a condition.
    public var condition: Int?
    /// The violated bound for a condition.
    public var outcome: CheckOutcome?
    public var detail: String?
    /// The phase the trip happened in.
    public var phase: String
    public var haltedAtMs: Int64
    public var rollbackCompletedAtMs: Int64?
    /// haltedAt − first injection.
    public var timeToHaltMs: Int64?
    /// rollbackCompletedAt − haltedAt.
    public var rollbackMs: Int64?

    public init(
        reason: String, condition: Int?, outcome: CheckOutcome?, detail: String?, phase: String, haltedAtMs: Int64,
        rollbackCompletedAtMs: Int64?, timeToHaltMs: Int64?, rollbackMs: Int64?
    ) {
        self.reason = reason
        self.condition = condition
        self.outcome = outcome
        self.detail = detail
        self.phase = phase
        self.haltedAtMs = haltedAtMs
        self.rollbackCompletedAtMs = rollbackCompletedAtMs
        self.timeToHaltMs = timeToHaltMs
        self.rollbackMs = rollbackMs
    }
}

/// A rollback of every run-owned change (halt, maxDuration, admin failure or signal).
public struct RollbackSummary: Equatable, Sendable {
    public var cause: String
    public var startedAtMs: Int64
    public var completedAtMs: Int64?
    public var completed: Bool

    public init(cause: String, startedAtMs: Int64, completedAtMs: Int64?, completed: Bool) {
        self.cause = cause
        self.startedAtMs = startedAtMs
        self.completedAtMs = completedAtMs
        self.completed = completed
    }
}

/// The signal that stopped the run.
public struct InterruptionSummary: Equatable, Sendable {
    public var signal: StopSignal
    public var atMs: Int64

    public init(signal: StopSignal, atMs: Int64) {
        self.signal = signal
        self.atMs = atMs
    }
}

/// The recovery search after the last removal.
public struct RecoverySummary: Equatable, Sendable {
    /// False when the run ended before the search could finish (a gate failure, a signal, `maxDuration`).
    public var evaluated = false
    public var recovered = false
    public var lastRemovalMs: Int64?
    public var stableFromMs: Int64?
    public var ttrMs: Int64?
    public var withinMs: Int64 = 0
    public var stableForMs: Int64 = 0

    public init() {}
}

/// One instance of a fleet run: `ok`, `lost` (its admin API stopped answering mid-run) or `skipped` (an optional
/// instance that did not answer before t0), with the changes it confirmed and the requests that failed on it.
public struct InstanceRecord: Equatable, Sendable {
    public var admin: String
    public var optional: Bool
    public var status: String
    public var lostAtMs: Int64?
    public var reason: String?
    public var injected: [String]
    public var failures: [String]

    public init(
        admin: String, optional: Bool, status: String, lostAtMs: Int64? = nil, reason: String? = nil,
        injected: [String] = [], failures: [String] = []
    ) {
        self.admin = admin
        self.optional = optional
        self.status = status
        self.lostAtMs = lostAtMs
        self.reason = reason
        self.injected = injected
        self.failures = failures
    }
}
