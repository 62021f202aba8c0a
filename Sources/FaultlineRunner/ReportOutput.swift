/// The end of every run, even an invalid one: the JSON report written, the table (or JSON) printed, one status line.
import FaultlineExperiment
import FaultlinePosix

struct ReportOutput {
    let path: String
    let format: RunConfiguration.Format
    /// The file's `report.table`.
    let table: Bool
    let console: RunnerConsole
    /// Added to the cleanup hint when the state files are not in the default place.
    var stateDirectory: String?
    /// Where the HTML page goes (`--html`), if anywhere.
    var htmlPath: String?

    func deliver(_ report: ExperimentReport) {
        let json = report.json()
        do throws(Errno) {
            try DurableFile.write(json, to: path)
        } catch {
            console.notice("cannot write the report to \(path): \(error)")
        }
        var written = "report: \(path)"
        if let htmlPath {
            do throws(Errno) {
                try DurableFile.write(Array(ReportHTML.render(report).utf8), to: htmlPath)
                written += ", \(htmlPath)"
            } catch {
                console.notice("cannot write the HTML report to \(htmlPath): \(error)")
            }
        }
        switch format {
        case .json: console.out(String(decoding: json, as: UTF8.self))
        case .table where table: console.out(ReportTable.render(report, reportPath: path, colour: console.colour))
        case .table: break
        }
        console.notice("\(report.status.rawValue) (exit \(report.exitCode)); \(written)")
        if var command = report.cleanupCommand {
            if let stateDirectory, stateDirectory != StateStore.defaultDirectory {
                command += " --state-dir \(stateDirectory)"
            }
            console.notice("faults are still injected; run: \(command)")
        }
    }

    /// A file that cannot be run: the `invalid` report written, its problems printed (in the table, or on stderr
    /// when stdout carries JSON); nothing else happens.
    func reject(title: String?, issues: [ValidationIssue]) -> ExperimentReport {
        if format == .json || !table { for issue in issues { console.err("\(issue)\n") } }
        let report = ExperimentReport.invalid(title: title, issues: issues)
        deliver(report)
        return report
    }
}
