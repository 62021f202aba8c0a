/// Everything a run needs besides the file: admin URL, seed, run id, report path and format, state directory.
import FaultlineExperiment

/// Build it with `resolve(...)`, which applies the design's precedence rules in one place.
public struct RunConfiguration {
    /// What `--format` prints on stdout.
    public enum Format: String, CaseIterable, Sendable {
        case table, json
    }

    /// Where the report goes when neither `--report` nor the file's `report.json` says.
    public static let defaultReportPath = "experiment-report.json"

    public var file: ExperimentFile
    /// As the user gave it (`http://127.0.0.1:8474` or `127.0.0.1:8474`); a fleet's URLs joined by commas.
    public var admin: String
    /// Every admin entry in force (`--admin`, `TOXIPROXY_URL`, or the file's list); one for a plain run.
    public var admins: [AdminEntry]
    /// The bearer token sent to every instance (`--token-file`, else `FAULTLINE_TOKEN`).
    public var token: String?
    /// Where `dns://` fleets are looked up (`--dns-server HOST:PORT`); nil uses the system resolver.
    public var dnsServer: String?
    public var seed: UInt64
    /// Eight hex digits, part of every toxic name.
    public var runID: String
    public var dryRun: Bool
    public var reportPath: String
    /// Where to write the report as an HTML page too (`--html`); nil writes none.
    public var htmlPath: String?
    public var format: Format
    public var stateDirectory: String
    /// Take SIGINT/SIGTERM through a signalfd (the executable); in-process tests leave signals alone.
    public var handleSignals: Bool
    /// How long a rollback may retry before the run ends as `rollback-failed`.
    public var rollbackDeadline: Duration

    public init(
        file: ExperimentFile, admin: String, seed: UInt64, runID: String, dryRun: Bool = false,
        reportPath: String = Self.defaultReportPath, htmlPath: String? = nil, format: Format = .table,
        stateDirectory: String = StateStore.defaultDirectory, handleSignals: Bool = true,
        rollbackDeadline: Duration = .seconds(10)
    ) {
        self.file = file
        self.admin = admin
        admins = [AdminEntry(url: admin)]
        self.seed = seed
        self.runID = runID
        self.dryRun = dryRun
        self.reportPath = reportPath
        self.htmlPath = htmlPath
        self.format = format
        self.stateDirectory = stateDirectory
        self.handleSignals = handleSignals
        self.rollbackDeadline = rollbackDeadline
    }

    /// A fleet: several admin entries, or a `dns://` name that may stand for several instances.
    public var isFleet: Bool { admins.count > 1 || admins.contains { $0.dnsTarget != nil } }

    /// `--admin`, then `TOXIPROXY_URL`, then the file's `admin`, then the default; `--seed`, then the file's, then
    /// `randomSeed`; `--report`, then the file's `report.json`, then `experiment-report.json`.
    public static func resolve(
        file: ExperimentFile, adminFlag: String?, environmentAdmin: String?, seedFlag: UInt64?, reportFlag: String?,
        randomSeed: UInt64, randomRunID: UInt64
    ) -> RunConfiguration {
        let environment = environmentAdmin.flatMap { $0.isEmpty ? nil : $0 }
        var admins = file.admins.isEmpty ? [AdminEntry(url: ExperimentFile.defaultAdmin)] : file.admins
        if let chosen = adminFlag ?? environment { admins = [AdminEntry(url: chosen)] }
        var configuration = RunConfiguration(
            file: file, admin: admins.map(\.url).joined(separator: ","),
            seed: seedFlag ?? file.seed ?? randomSeed, runID: ExperimentPlan.runID(from: randomRunID),
            reportPath: reportFlag ?? file.report.json ?? defaultReportPath
        )
        configuration.admins = admins
        return configuration
    }
}
