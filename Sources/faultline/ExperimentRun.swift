/// `faultline experiment run FILE`: probe, inject, halt and roll back, then report; the exit code is the status's.
import ArgumentParser
import FaultlineClient
import FaultlineCore
import FaultlineExperiment
import FaultlinePosix
import FaultlineRunner

extension RunConfiguration.Format: ExpressibleByArgument {}

struct ExperimentRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment against the admin API and write its report.")

    @Argument(help: "The experiment file (JSON, faultline.experiment/v1).")
    var file: String

    @Option(help: ArgumentHelp(
        "Admin API URL (default: $TOXIPROXY_URL, then the file's \"admin\", then http://127.0.0.1:8474).",
        discussion: "http://host:port, unix:///path, or dns://name:port for every instance the name resolves to."))
    var admin: String?

    @Option(help: ArgumentHelp(
        "File holding the admin API's bearer token (default: $\(Client.tokenVariable)).", valueName: "file"))
    var tokenFile: String?

    @Option(help: ArgumentHelp(
        "DNS server for dns:// fleets, as IP:PORT (default: the system resolver).", valueName: "address"))
    var dnsServer: String?

    @Option(help: "Seed for every random choice of the run (default: the file's \"seed\", else random and printed).")
    var seed: UInt64?

    @Flag(help: "Validate, check the proxies, print the plan and probe the baseline; inject nothing (exit 0 or 4).")
    var dryRun = false

    @Option(help: "Where to write the JSON report (default: the file's report.json, else experiment-report.json).")
    var report: String?

    @Option(help: "Also write the report as one self-contained HTML page with charts (inline SVG, no script).")
    var html: String?

    @Option(help: "What to print on stdout: table or json.")
    var format: RunConfiguration.Format = .table

    @Option(help: "Directory of the crash-safety state files (default: $FAULTLINE_STATE_DIR, else ~/.local/state).")
    var stateDir: String?

    func run() throws {
        let report: ExperimentReport
        switch Self.decode(file) {
        case .failure(let error):
            report = ExperimentRunner.reject(
                title: nil, issues: error.issues.map { ValidationIssue(path: $0.path, message: $0.message) },
                reportPath: self.report ?? RunConfiguration.defaultReportPath, htmlPath: html, format: format)
        case .success(let experiment):
            var configuration = RunConfiguration.resolve(
                file: experiment, adminFlag: admin, environmentAdmin: Environment.value("TOXIPROXY_URL"),
                seedFlag: seed, reportFlag: self.report, randomSeed: WallClock.randomSeed(),
                randomRunID: WallClock.randomSeed())
            configuration.dryRun = dryRun
            configuration.dnsServer = dnsServer
            configuration.token = try ExitMapping.attempt(.readToken) { () throws(ClientError) in
                try tokenFile.map(Client.token(fromFile:)) ?? Client.environmentToken
            }
            configuration.htmlPath = html
            configuration.format = format
            if let stateDir { configuration.stateDirectory = stateDir }
            report = ExperimentRunner.run(configuration)
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// The decoded file, or every problem with it (an unreadable file is one problem at the document).
    static func decode(_ path: String) -> Result<ExperimentFile, ExperimentValidationError> {
        let bytes: [UInt8]
        do throws(FaultlineError) {
            bytes = try ExperimentValidate.load(path)
        } catch {
            let reason = if case .invalidValue(_, let reason) = error { reason } else { error.message }
            return .failure(ExperimentValidationError(issues: [ValidationIssue(path: "", message: reason)]))
        }
        do throws(ExperimentValidationError) {
            return .success(try ExperimentFile.decode(bytes))
        } catch {
            return .failure(error)
        }
    }
}
