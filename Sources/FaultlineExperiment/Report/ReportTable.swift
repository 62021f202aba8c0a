/// The report as the plain-text table printed on stdout; colour only when the caller says the output is a TTY.
import FaultlineCore

public enum ReportTable {
    /// Renders `report`; `reportPath` is shown in the header, `colour` adds ANSI colours (the caller checks isatty).
    public static func render(_ report: ExperimentReport, reportPath: String? = nil, colour: Bool = false) -> String {
        let paint = Painter(enabled: colour)
        var lines = ["Faultline experiment  \(report.title)"]
        var header: [String] = []
        if let seed = report.seed { header.append("seed \(seed)") }
        if let run = report.runID { header.append("run \(run)") }
        let statusText = "\(report.status.rawValue.uppercased()) (exit \(report.exitCode))"
        header.append(paint.status(statusText, report.status))
        header.append(ReportText.seconds(.milliseconds(report.durationMs), places: 1) + "s")
        if report.dryRun { header.append("dry run") }
        if let reportPath { header.append("report: \(reportPath)") }
        lines.append(header.joined(separator: "  "))
        if report.status == .invalid {
            lines.append("")
            lines += report.validationIssues.map { "  " + $0.description }
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("")
        lines += phaseRows(report)
        lines.append("")
        lines += summaryRows(report, paint: paint)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func phaseRows(_ report: ExperimentReport) -> [String] {
        let probeWidth = max(14, (report.probes.map(\.name.count).max() ?? 0) + 1)
        var rows = [
            pad("phase", 11) + pad("window", 15) + pad("probe", probeWidth) + left("samples", 7)
                + left("success", 9) + left("p50", 7) + left("p95", 7) + left("p99", 7) + left("max", 7)
        ]
        for phase in report.phases where !phase.name.hasPrefix("fault:") {
            let window = seconds(phase.fromMs) + "–" + seconds(phase.toMs)
            for probe in report.probes {
                guard let stats = probe.stats(phase.name) else { continue }
                var row = pad(phase.name, 11) + pad(window, 15) + pad(probe.name, probeWidth)
                row += left(String(stats.samples), 7) + left(stats.successRate.map(ReportText.percent) ?? "-", 9)
                for statistic in LatencyStatistic.allCases {
                    row += left(stats.value(statistic).map(ReportText.latency) ?? "insuff", 7)
                }
                rows.append(row)
                var notes: [String] = []
                if stats.errors > 0 { notes.append("\(stats.errors) errors") }
                if stats.timeouts > 0 { notes.append("\(stats.timeouts) timeouts") }
                if stats.slow > 0 { notes.append("\(stats.slow) slow") }
                if stats.skipped > 0 { notes.append("\(stats.skipped) skipped ticks") }
                // Statuses matter once something other than one success status came back (an injected 503…).
                if stats.statuses.count > 1 || stats.statuses.keys.contains(where: { !(200...299).contains($0) }) {
                    let counts = stats.statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
                    notes.append("status " + counts.joined(separator: " "))
                }
                if !notes.isEmpty {
                    rows.append(
                        String(repeating: " ", count: 26 + probeWidth) + "(" + notes.joined(separator: ", ") + ")")
                }
            }
        }
        return rows
    }

    private static func summaryRows(_ report: ExperimentReport, paint: Painter) -> [String] {
        var rows: [String] = []
        var verdicts: [String] = []
        for phase in ["baseline", "injection", "recovery"] {
            let outcomes = report.hypothesis.filter { $0.phase == phase }.map(\.outcome)
            guard !outcomes.isEmpty else { continue }
            let failed = outcomes.filter { !$0.met }
            verdicts.append(
                failed.isEmpty
                    ? "\(phase) " + paint.good("met")
                    : "\(phase) " + paint.bad("NOT met") + ": "
                        + failed.map(ReportText.describe).joined(separator: ", ")
            )
        }
        rows.append(label("hypothesis") + (verdicts.isEmpty ? "not evaluated" : verdicts.joined(separator: " · ")))
        let firstFault = report.faults.filter { $0.injectedAtMs != nil }.min {
            ($0.injectedAtMs ?? 0) < ($1.injectedAtMs ?? 0)
        }
        let detections = report.probes.compactMap { probe -> String? in
            guard let ttd = probe.ttdMs else { return nil }
            return
                "\(probe.name) first failure +\(seconds(ttd, places: 2)) after \(firstFault?.name ?? "the first fault")"
        }
        if report.faults.contains(where: { $0.injectedAtMs != nil }) {
            rows.append(
                label("detection") + (detections.isEmpty ? "no probe failed" : detections.joined(separator: "; ")))
        }
        rows.append(label("halt") + haltText(report))
        rows.append(label("recovery") + recoveryText(report.recovery))
        if let server = report.server, !server.seededToxics {
            rows.append(label("server") + "\(server.admin) is not Faultline: toxic randomness not reproducible")
        }
        let nameWidth = (report.faults.map(\.name.count).max() ?? 0) + 2
        let proxyWidth = (report.faults.map { $0.proxies.joined(separator: ",").count }.max() ?? 0) + 2
        let effectWidth = (report.faults.map(\.effect.count).max() ?? 0) + 2
        for (index, fault) in report.faults.enumerated() {
            var row = label(index == 0 ? "faults" : "") + pad(fault.name, nameWidth)
            row += pad(fault.proxies.joined(separator: ","), proxyWidth) + pad(fault.effect, effectWidth)
            if let injected = fault.injectedAtMs {
                row +=
                    "+\(seconds(injected, places: 3)) → "
                    + (fault.removedAtMs.map { "+" + seconds($0, places: 3) } ?? "still injected")
            } else {
                row += "not injected (planned +\(seconds(fault.plannedAtMs, places: 3)))"
            }
            if let instances = fault.instances {
                let fleet = (report.instances ?? []).filter { $0.status != "skipped" }.count
                row += "  on \(instances.count) of \(fleet) instances"
            }
            rows.append(row)
        }
        for (index, instance) in (report.instances ?? []).enumerated() {
            var row = label(index == 0 ? "instances" : "") + instance.admin + "  " + instance.status
            if instance.status != "skipped" {
                row += "  \(instance.injected.count) change" + (instance.injected.count == 1 ? "" : "s")
            }
            if !instance.failures.isEmpty { row += ", \(instance.failures.count) failed requests" }
            if let lost = instance.lostAtMs { row += " at +\(seconds(lost, places: 3))" }
            if let reason = instance.reason { row += ": \(reason)" }
            rows.append(instance.status == "ok" ? row : paint.bad(row))
        }
        if let leftovers = report.leftovers, !leftovers.isEmpty {
            let items =
                leftovers.toxics.map { "toxic \($0.name) on \($0.proxy)" + ($0.admin.map { " at \($0)" } ?? "") }
                + leftovers.disabledProxies.map { "proxy \($0) disabled" }
            rows.append(label("LEFTOVERS") + paint.bad(items.joined(separator: "; ")))
            rows.append(label("cleanup") + (report.cleanupCommand ?? ""))
        }
        for error in report.errors { rows.append(label("error") + error) }
        return rows
    }

    static func haltText(_ report: ExperimentReport) -> String {
        guard let halt = report.halt else { return "not triggered" }
        var text = "triggered (\(halt.reason)) in \(halt.phase) at +\(seconds(halt.haltedAtMs, places: 3))"
        if let outcome = halt.outcome { text += ": " + ReportText.describe(outcome) }
        if let detail = halt.detail { text += ": " + detail }
        if let ttH = halt.timeToHaltMs { text += "; time to halt \(seconds(ttH, places: 3))" }
        if let rollback = halt.rollbackMs { text += "; rollback \(rollback)ms" }
        return text
    }

    static func recoveryText(_ recovery: RecoverySummary) -> String {
        if recovery.recovered, let ttr = recovery.ttrMs {
            let window = ExperimentDuration.format(.milliseconds(recovery.stableForMs))
            let ttrText = seconds(ttr, places: 2)
            return "TTR \(ttrText) (\(window) stable window began \(ttrText) after the last fault was removed)"
        }
        if recovery.evaluated {
            let within = ReportText.seconds(.milliseconds(recovery.withinMs), places: 1) + "s"
            return "NOT recovered: no stable window began within \(within)"
        }
        return "not evaluated"
    }

    private static func seconds(_ ms: Int64, places: Int = 1) -> String {
        ReportText.seconds(.milliseconds(ms), places: places) + "s"
    }

    private static func label(_ text: String) -> String { pad(text, 12) }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private static func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}

/// ANSI colours, or nothing when colour is off.
private struct Painter {
    let enabled: Bool

    func good(_ text: String) -> String { paint(text, "32") }
    func bad(_ text: String) -> String { paint(text, "31") }

    func status(_ text: String, _ status: ExperimentStatus) -> String {
        switch status {
        case .passed: paint(text, "1;32")
        case .deviated, .halted, .notRecovered, .interrupted: paint(text, "1;33")
        case .baselineFailed, .invalid, .rollbackFailed: paint(text, "1;31")
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
