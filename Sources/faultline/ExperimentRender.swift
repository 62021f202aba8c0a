/// `faultline experiment render REPORT --html OUT`: draw a past run's JSON report as a self-contained HTML page.
import ArgumentParser
import FaultlineCore
import FaultlineExperiment
import FaultlinePosix

struct ExperimentRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write a JSON report (from `experiment run`) as one self-contained HTML page with charts.",
        discussion: """
            The page has inline CSS and SVG charts (latency p50/p99 and error rate per second for each probe, fault
            windows, the halt and rollback, TTD and TTR) and needs no script, font or network to view or print.
            A report written before reports carried a timeline gets its tables and no charts. A file that is not a
            report exits 64 naming the path of each bad field.
            """)

    /// Reports grow by about 25 bytes per probe and second; this is days of a large run.
    static let sizeLimit = 256 << 20

    @Argument(help: "The JSON report (faultline.report/v1).")
    var report: String

    @Option(help: "Where to write the HTML page.")
    var html: String

    func run() throws {
        let bytes = try ExitMapping.check { () throws(FaultlineError) in try Self.load(report) }
        let decoded: ExperimentReport
        do throws(ReportDecodingError) {
            decoded = try ExperimentReport.decode(bytes)
        } catch {
            throw ExitMapping.report(.reportFile(report, error))
        }
        let page = Array(ReportHTML.render(decoded, source: report).utf8)
        try ExitMapping.check { () throws(FaultlineError) in
            do throws(Errno) {
                try DurableFile.write(page, to: html)
            } catch {
                throw .invalidValue(field: "--html", reason: "cannot write \(html): \(error)")
            }
        }
        if decoded.timeline == nil {
            StandardError.write("faultline experiment render: no timeline in this report; the page has no charts\n")
        }
        StandardOutput.write("\(html): \(decoded.status.rawValue) run \"\(decoded.title)\", \(page.count) bytes\n")
    }

    static func load(_ path: String) throws(FaultlineError) -> [UInt8] {
        do throws(Errno) {
            return try FileReader.read(path, limit: sizeLimit)
        } catch {
            throw .invalidValue(field: "REPORT", reason: "cannot read \(path): \(error)")
        }
    }
}
