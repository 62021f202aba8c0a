/// The outcome of a run as data: the JSON report and the terminal table are two renderings of it.
import FaultlineCore

/// Everything the report shows. Times are whole milliseconds from t0.
public struct ExperimentReport: Equatable, Sendable {
    public static let formatVersion = "faultline.report/v1"

    public var title: String
    public var status: ExperimentStatus
    public var seed: UInt64?
    public var runID: String?
    /// Wall-clock start as the runner formats it (RFC 3339, UTC); the engine never reads a clock.
    public var startedAt: String?
    public var durationMs: Int64
    public var dryRun = false
    public var server: ServerInfo?
    public var faults: [FaultRecord] = []
    /// `baseline`, `injection`, `recovery`, then `fault:<name>` rows.
    public var phases: [PhaseRecord] = []
    public var probes: [ProbeRecord] = []
    /// Gate (`baseline`), verdict (`injection`) and the recovery window (`recovery`).
    public var hypothesis: [HypothesisRow] = []
    public var halt: HaltSummary?
    public var rollback: RollbackSummary?
    public var interruption: InterruptionSummary?
    public var recovery = RecoverySummary()
    public var errors: [String] = []
    /// What is still injected after a failed rollback, and the command that removes it.
    public var leftovers: StateFile?
    public var validationIssues: [ValidationIssue] = []
    public var warnings: [ValidationIssue] = []

    public init(title: String, status: ExperimentStatus, durationMs: Int64 = 0) {
        self.title = title
        self.status = status
        self.durationMs = durationMs
    }

    public var exitCode: Int32 { status.exitCode(signal: interruption?.signal) }

    /// The report of a file that failed validation (or named a missing proxy): written before anything is done.
    public static func invalid(title: String?, issues: [ValidationIssue]) -> ExperimentReport {
        var report = ExperimentReport(title: title ?? "", status: .invalid)
        report.validationIssues = issues
        report.errors = issues.map(\.description)
        return report
    }

    /// The command that finishes a failed rollback.
    public var cleanupCommand: String? {
        guard let leftovers, !leftovers.isEmpty else { return nil }
        return "faultline experiment cleanup --admin \(leftovers.admin)"
    }
}

/// The admin server a run talked to.
public struct ServerInfo: Equatable, Sendable {
    public var admin: String
    /// From the `Server:` header (`faultline/0.3.0`), or nil for Toxiproxy.
    public var version: String?
    /// True when toxic bodies carried seeds the server uses (Faultline); false means "toxic randomness not
    /// reproducible".
    public var seededToxics: Bool

    public init(admin: String, version: String? = nil, seededToxics: Bool) {
        self.admin = admin
        self.version = version
        self.seededToxics = seededToxics
    }
}

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
}

/// A named interval of the run.
public struct PhaseRecord: Equatable, Sendable {
    public var name: String
    public var fromMs: Int64
    public var toMs: Int64
}

/// One probe's statistics per phase, and its time to detect.
public struct ProbeRecord: Equatable, Sendable {
    public var name: String
    /// Phase name and statistics, in `phases` order.
    public var phases: [(name: String, stats: SampleStats)]
    /// End of the first failing sample after the first injection.
    public var firstFailureMs: Int64?
    public var ttdMs: Int64?

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
}

/// A rollback of every run-owned change (halt, maxDuration, admin failure or signal).
public struct RollbackSummary: Equatable, Sendable {
    public var cause: String
    public var startedAtMs: Int64
    public var completedAtMs: Int64?
    public var completed: Bool
}

/// The signal that stopped the run.
public struct InterruptionSummary: Equatable, Sendable {
    public var signal: StopSignal
    public var atMs: Int64
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
