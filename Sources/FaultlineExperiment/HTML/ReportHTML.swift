/// The report as one self-contained HTML page: inline CSS and SVG, no script, no font or file from elsewhere.
import FaultlineCore

/// Pure: a report in, a page out. Every string that comes from the report (title, names, errors) is escaped.
public enum ReportHTML {
    /// The page for `report`; `source` names the JSON file it was read from, when it was.
    public static func render(_ report: ExperimentReport, source: String? = nil) -> String {
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<meta name=\"generator\" content=\"faultline \(FaultlineVersion.current)\">\n"
        page += "<title>\(escape(report.title.isEmpty ? "Faultline experiment" : report.title)) · Faultline</title>\n"
        page += "<style>\n\(ReportHTMLStyle.css)\n</style>\n</head>\n<body>\n"
        page += header(report, source: source)
        if report.status == .invalid {
            page += "<h2>Validation</h2>\n<p>The experiment file was not run. Its problems:</p>\n"
            page += list(report.validationIssues.map(\.description), cls: "issues")
        } else {
            page += hypothesisSection(report)
            page += timelineSection(report)
            page += summarySection(report)
            page += phasesSection(report)
            page += faultsSection(report)
        }
        page += notesSection(report)
        page += "<footer>Faultline experiment report (\(ExperimentReport.formatVersion)), rendered by faultline "
        page += "\(FaultlineVersion.current). The charts are inline SVG; the page needs no script.</footer>\n"
        page += "</body>\n</html>\n"
        return page
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// The title, the status in words (not only in colour) and the run's facts.
    private static func header(_ report: ExperimentReport, source: String?) -> String {
        let status = report.status.rawValue
        var html = "<header>\n<h1>\(escape(report.title))</h1>\n"
        html += "<p><span class=\"status status-\(escape(status))\">\(escape(status.uppercased()))</span> "
        html += "exit \(report.exitCode) · \(escape(meaning(report.status)))</p>\n"
        var facts: [(String, String)] = []
        if let seed = report.seed { facts.append(("seed", String(seed))) }
        if let run = report.runID { facts.append(("run", run)) }
        if let started = report.startedAt { facts.append(("started", started)) }
        facts.append(("duration", ReportText.seconds(.milliseconds(report.durationMs), places: 1) + "s"))
        if report.dryRun { facts.append(("dry run", "yes: nothing was injected")) }
        if let server = report.server {
            var text = server.admin + (server.version.map { " (\($0))" } ?? "")
            if !server.seededToxics { text += ": not Faultline, toxic randomness not reproducible" }
            facts.append(("admin API", text))
        }
        if let source { facts.append(("report", source)) }
        html += definitions(facts) + "</header>\n"
        return html
    }

    /// What each status means, as the README's table says it.
    static func meaning(_ status: ExperimentStatus) -> String {
        switch status {
        case .passed: "baseline met, tolerances held during injection, recovered"
        case .deviated: "tolerances broken during injection, recovered"
        case .halted: "a halt condition, maxDuration or an admin failure stopped the run; faults rolled back"
        case .notRecovered: "no stable window within recovery.within"
        case .baselineFailed: "steady state not met before the first fault; nothing injected"
        case .invalid: "the file failed validation or a proxy is missing; nothing touched"
        case .rollbackFailed: "the rollback could not finish: faults may still be injected"
        case .interrupted: "stopped by a signal; rolled back"
        }
    }

    /// Detection per probe, the halt, the rollback and the recovery, in words.
    private static func summarySection(_ report: ExperimentReport) -> String {
        var facts: [(String, String)] = []
        let first = report.faults.filter { $0.injectedAtMs != nil }.min {
            ($0.injectedAtMs ?? 0) < ($1.injectedAtMs ?? 0)
        }
        if let first {
            for probe in report.probes {
                let text =
                    probe.ttdMs.map {
                        "first failure +\(ProbeChart.seconds($0)) after \(first.name) (at +"
                            + ProbeChart.seconds(probe.firstFailureMs ?? 0) + ")"
                    } ?? "no failure detected"
                facts.append(("detection: \(probe.name)", text))
            }
        }
        facts.append(("halt", ReportTable.haltText(report)))
        if let rollback = report.rollback {
            let end = rollback.completedAtMs.map { "completed at +" + ProbeChart.seconds($0) } ?? "NOT completed"
            facts.append(("rollback", "\(rollback.cause) at +\(ProbeChart.seconds(rollback.startedAtMs)), \(end)"))
        }
        if let interruption = report.interruption {
            facts.append(("signal", "\(interruption.signal.rawValue) at +\(ProbeChart.seconds(interruption.atMs))"))
        }
        facts.append(("recovery", ReportTable.recoveryText(report.recovery)))
        return "<h2>Detection, halt and recovery</h2>\n" + definitions(facts)
    }

    /// Errors, warnings, and what a failed rollback left behind with the command that removes it.
    private static func notesSection(_ report: ExperimentReport) -> String {
        var html = ""
        if let instances = report.instances, !instances.isEmpty {
            let rows = instances.map { instance in
                var text = "\(instance.admin): \(instance.status)"
                if instance.status != "skipped" { text += ", \(instance.injected.count) changes" }
                if !instance.failures.isEmpty { text += ", failed: " + instance.failures.joined(separator: "; ") }
                if let reason = instance.reason { text += " (\(reason))" }
                return text
            }
            html += "<h2>Instances</h2>\n" + list(rows, cls: "instances")
        }
        if let leftovers = report.leftovers, !leftovers.isEmpty {
            let items =
                leftovers.toxics.map { "toxic \($0.name) on \($0.proxy)" + ($0.admin.map { " at \($0)" } ?? "") }
                + leftovers.disabledProxies.map { "proxy \($0) disabled" }
            html += "<h2>Still injected</h2>\n<div class=\"leftovers\">\n" + list(items, cls: "leftover-items")
            if let command = report.cleanupCommand { html += "<p>Remove them: <code>\(escape(command))</code></p>\n" }
            html += "</div>\n"
        }
        if !report.errors.isEmpty && report.status != .invalid {
            html += "<h2>Errors</h2>\n" + list(report.errors, cls: "errors")
        }
        if !report.warnings.isEmpty {
            html += "<h2>Warnings</h2>\n" + list(report.warnings.map(\.description), cls: "warnings")
        }
        return html
    }

    static func definitions(_ pairs: [(String, String)]) -> String {
        "<dl>\n" + pairs.map { "<dt>\(escape($0.0))</dt><dd>\(escape($0.1))</dd>\n" }.joined() + "</dl>\n"
    }

    static func list(_ items: [String], cls: String) -> String {
        "<ul class=\"\(cls)\">\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
    }
}
