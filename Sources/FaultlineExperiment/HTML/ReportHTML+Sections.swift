/// The page's sections with tables and charts: the hypothesis checks, the timeline, the phases and the faults.

extension ReportHTML {
    static let phaseTitles = ["baseline": "baseline (gate)", "injection": "injection (verdict)", "recovery": "recovery"]

    /// One line per phase, then every check with its limit, what was observed and, when it failed, why.
    static func hypothesisSection(_ report: ExperimentReport) -> String {
        var html = "<h2>Hypothesis</h2>\n"
        guard !report.hypothesis.isEmpty else { return html + "<p>Not evaluated.</p>\n" }
        var verdicts: [String] = []
        for phase in ["baseline", "injection", "recovery"] {
            let outcomes = report.hypothesis.filter { $0.phase == phase }.map(\.outcome)
            guard !outcomes.isEmpty else { continue }
            verdicts.append("\(phase) " + result(outcomes.allSatisfy(\.met)))
        }
        html += "<p>" + verdicts.joined(separator: " · ") + "</p>\n<table class=\"hypothesis\">\n<thead><tr>"
        html += "<th>phase</th><th>probe</th><th>check</th><th class=\"num\">limit</th><th class=\"num\">observed</th>"
        html += "<th>result</th></tr></thead>\n<tbody>\n"
        for row in report.hypothesis {
            let outcome = row.outcome
            html += "<tr><td>\(escape(phaseTitles[row.phase] ?? row.phase))</td><td>\(escape(outcome.probe))</td>"
            html += "<td>\(escape(outcome.check))</td><td class=\"num\">\(escape(ReportText.value(outcome.limit)))</td>"
            html += "<td class=\"num\">\(escape(outcome.observed.map(ReportText.value) ?? "insufficient"))</td>"
            html += "<td>" + result(outcome.met)
            if !outcome.met { html += ": " + escape(ReportText.describe(outcome)) }
            html += "</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// `✓ met` or `✗ NOT met`: the symbol and the words carry the result without colour.
    private static func result(_ met: Bool) -> String {
        met ? "<span class=\"met\">✓ met</span>" : "<span class=\"not-met\">✗ NOT met</span>"
    }

    /// A legend, then one chart per probe; a report without a timeline says so and keeps its tables.
    static func timelineSection(_ report: ExperimentReport) -> String {
        var html = "<h2>Timeline</h2>\n"
        guard let timeline = report.timeline else {
            return html
                + "<p class=\"no-timeline\"><strong>No timeline in this report.</strong> It was written before "
                + "reports carried per-second series, so there are no charts; the tables below hold everything it "
                + "records.</p>\n"
        }
        var names = report.probes.map(\.name)
        for series in timeline.probes where !names.contains(series.name) { names.append(series.name) }
        guard !names.isEmpty else { return html + "<p>No probes.</p>\n" }
        let bands = FaultBand.layout(report)
        let markers = TimeMarker.markers(report)
        let charts = names.map { ProbeChart(report, probe: $0, bands: bands, markers: markers) }
        let perPoint = charts.map(\.secondsPerPoint).max() ?? 1
        html += "<p class=\"note\">Each point is the samples that ended in one "
        html += perPoint > 1 ? "\(perPoint)-second stretch (p50: their median second; p99: their worst)" : "second"
        html += ". Upper panel: latency; lower panel: the share of samples that failed (errors, timeouts, slow). "
        html += "Time runs from the first probe (t0) to the end of the run.</p>\n"
        html += legend()
        for (index, chart) in charts.enumerated() {
            html += "<figure>\n<figcaption>probe \(escape(chart.name))</figcaption>\n"
            html += chart.svg(index: index) + "\n</figure>\n"
        }
        return html
    }

    /// Samples of each line style, hatch and marker, named; the same dashes as the charts, so print keeps them.
    private static func legend() -> String {
        var w = SVGWriter()
        w.raw("<svg class=\"legend\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 960 22\" width=\"960\"")
        w.raw(" height=\"22\" role=\"img\" aria-label=\"legend\"><defs><pattern id=\"legend-hatch\" width=\"8\"")
        w.raw(" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line class=\"hatch\"")
        w.raw(" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke-width=\"3\"/></pattern></defs>")
        var x = 4.0
        func item(_ text: String, width: Double = 24, _ draw: (inout SVGWriter, Double) -> Void) {
            draw(&w, x)
            w.label("legend-label", x: x + width + 5, y: 15, text)
            x += width + 14 + Double(text.count) * FaultBand.characterWidth
        }
        item("p50") { $0.line("p50", x1: $1, y1: 11, x2: $1 + 24, y2: 11) }
        item("p99") { $0.line("p99", x1: $1, y1: 11, x2: $1 + 24, y2: 11, extra: " stroke-dasharray=\"6 3\"") }
        item("latency tolerance") {
            $0.line("limit", x1: $1, y1: 11, x2: $1 + 24, y2: 11, extra: " stroke-dasharray=\"2 3\"")
        }
        item("fault window", width: 18) {
            $0.rect("fault", x: $1, y: 3, width: 18, height: 14, extra: " fill=\"url(#legend-hatch)\"")
        }
        item("failed samples", width: 18) { $0.rect("errors", x: $1, y: 3, width: 18, height: 14) }
        item("halt / signal", width: 10) {
            $0.line("halt", x1: $1 + 5, y1: 2, x2: $1 + 5, y2: 20, extra: " stroke-dasharray=\"8 3\"")
        }
        item("rolled back", width: 10) {
            $0.line("rollback", x1: $1 + 5, y1: 2, x2: $1 + 5, y2: 20, extra: " stroke-dasharray=\"1 3\"")
        }
        w.raw("</svg>\n")
        return w.text
    }

    /// The plain-text table's rows: each phase and probe with its counts and statistics.
    static func phasesSection(_ report: ExperimentReport) -> String {
        var html = "<h2>Phases</h2>\n<table class=\"phases\">\n<thead><tr><th>phase</th><th>window</th>"
        html += "<th>probe</th><th class=\"num\">samples</th><th class=\"num\">success</th>"
        for statistic in LatencyStatistic.allCases { html += "<th class=\"num\">\(statistic.rawValue)</th>" }
        html += "<th>notes</th></tr></thead>\n<tbody>\n"
        for phase in report.phases where !phase.name.hasPrefix("fault:") {
            let window = "\(ProbeChart.seconds(phase.fromMs)) – \(ProbeChart.seconds(phase.toMs))"
            for probe in report.probes {
                guard let stats = probe.stats(phase.name) else { continue }
                html += "<tr><td>\(escape(phase.name))</td><td>\(window)</td><td>\(escape(probe.name))</td>"
                html += "<td class=\"num\">\(stats.samples)</td>"
                html += "<td class=\"num\">\(stats.successRate.map(ReportText.percent) ?? "–")</td>"
                for statistic in LatencyStatistic.allCases {
                    let value = stats.value(statistic).map(ReportText.latency) ?? "insufficient"
                    html += "<td class=\"num\">\(value)</td>"
                }
                var notes: [String] = []
                if stats.errors > 0 { notes.append("\(stats.errors) errors") }
                if stats.timeouts > 0 { notes.append("\(stats.timeouts) timeouts") }
                if stats.slow > 0 { notes.append("\(stats.slow) slow") }
                if stats.skipped > 0 { notes.append("\(stats.skipped) skipped ticks") }
                html += "<td>\(notes.joined(separator: ", "))</td></tr>\n"
            }
        }
        return html + "</tbody>\n</table>\n"
    }

    /// Each fault: where, what, and when it was planned and actually active.
    static func faultsSection(_ report: ExperimentReport) -> String {
        guard !report.faults.isEmpty else { return "" }
        var html = "<h2>Faults</h2>\n<table class=\"faults\">\n<thead><tr><th>fault</th><th>proxies</th>"
        html += "<th>effect</th><th>planned</th><th>active</th></tr></thead>\n<tbody>\n"
        for fault in report.faults {
            html += "<tr><td>\(escape(fault.name))</td><td>\(escape(fault.proxies.joined(separator: ", ")))</td>"
            html += "<td>\(escape(fault.effect))</td>"
            html += "<td>+\(ProbeChart.seconds(fault.plannedAtMs)) → +\(ProbeChart.seconds(fault.plannedEndMs))</td>"
            html += "<td>"
            if let injected = fault.injectedAtMs {
                html += "+\(ProbeChart.seconds(injected)) → "
                html += fault.removedAtMs.map { "+" + ProbeChart.seconds($0) } ?? "still injected"
            } else {
                html += "not injected"
            }
            html += "</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }
}
