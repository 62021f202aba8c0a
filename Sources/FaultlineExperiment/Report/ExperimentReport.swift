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
    /// Every instance of a fleet run; nil for a run against one admin API.
    public var instances: [InstanceRecord]?
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
    /// Per-second series for charts; nil for a run that never started probing, and in reports written before
    /// the timeline existed.
    public var timeline: ReportTimeline?

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

    /// The command that finishes a failed rollback (a fleet's state file names each instance, so no `--admin`).
    public var cleanupCommand: String? {
        guard let leftovers, !leftovers.isEmpty else { return nil }
        return "faultline experiment cleanup" + (leftovers.isFleet ? "" : " --admin \(leftovers.admin)")
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
