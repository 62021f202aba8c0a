/// Draws a probe's chart as inline SVG: hatched fault windows, axes, tolerance lines, p50/p99 and the error rate.

extension ProbeChart {
    /// The `<svg>` element; `index` makes its pattern ids unique in the page (ids never contain names).
    func svg(index: Int) -> String {
        var w = SVGWriter()
        let width = SVGWriter.number(ChartLayout.width)
        let height = SVGWriter.number(layout.height)
        w.raw("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\"")
        w.raw(" width=\"\(width)\" height=\"\(height)\" role=\"img\" data-duration-ms=\"\(layout.durationMs)\"")
        w.raw(" aria-label=\"Latency and error rate of probe \(HTMLText.escape(name)) over the run\">")
        w.raw("<defs>")
        for (pattern, angle) in [(0, 45), (1, -45)] {
            w.raw("<pattern id=\"c\(index)-hatch\(pattern)\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"")
            w.raw(" patternTransform=\"rotate(\(angle))\"><line class=\"hatch\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\"")
            w.raw(" stroke-width=\"3\"/></pattern>")
        }
        w.raw("</defs>")
        drawBands(index: index, into: &w)
        drawAxes(into: &w)
        drawLimits(into: &w)
        drawSeries(into: &w)
        drawMarkers(into: &w)
        drawNotes(into: &w)
        w.raw("</svg>")
        return w.text
    }

    /// Each fault's window shaded over both panels, its name in its row above them.
    private func drawBands(index: Int, into w: inout SVGWriter) {
        w.raw("<g class=\"faults\">")
        for band in bands {
            let from = layout.x(band.fromMs)
            let to = layout.x(band.toMs)
            let window = "+" + Self.seconds(band.fromMs) + " → +" + Self.seconds(band.toMs)
            w.rect(
                "fault", x: from, y: layout.latencyTop, width: to - from,
                height: layout.errorBottom - layout.latencyTop,
                extra: " fill=\"url(#c\(index)-hatch\(band.pattern))\" data-from-ms=\"\(band.fromMs)\""
                    + " data-to-ms=\"\(band.toMs)\"",
                title: "\(band.name): \(band.effect), \(window)")
            let labelTop = 8 + Double(band.lane) * ChartLayout.laneHeight
            w.line("fault-edge", x1: from, y1: labelTop, x2: from, y2: layout.errorBottom)
            w.label("fault-name", x: from + 3, y: labelTop + 10, band.name)
        }
        w.raw("</g>")
    }

    /// Both panels' frames and value grids, and the time axis under them.
    private func drawAxes(into w: inout SVGWriter) {
        let left = ChartLayout.left
        let right = layout.plotRight
        w.raw("<g class=\"y-axis\" data-top=\"\(scale.top)\" data-step=\"\(scale.step)\">")
        for tick in scale.ticks {
            let y = layout.latencyY(tick, top: scale.top)
            w.line("grid", x1: left, y1: y, x2: right, y2: y)
            w.label("y-tick", x: left - 6, y: y + 4, ReportText.latency(.milliseconds(tick)), anchor: "end")
        }
        w.raw("</g><g class=\"error-axis\">")
        for (rate, text) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")] {
            let y = layout.errorY(rate)
            w.line("grid", x1: left, y1: y, x2: right, y2: y)
            w.label("y-tick", x: left - 6, y: y + 4, text, anchor: "end")
        }
        w.raw("</g><g class=\"time-axis\">")
        for tick in TimeTicks.ticks(durationMs: layout.durationMs) {
            let x = layout.x(tick)
            w.line("grid", x1: x, y1: layout.latencyTop, x2: x, y2: layout.errorBottom)
            w.label("x-tick", x: x, y: layout.axisLabelY, TimeTicks.label(tick), anchor: "middle")
        }
        w.line("x-axis", x1: left, y1: layout.errorBottom, x2: layout.x(layout.durationMs), y2: layout.errorBottom)
        w.raw("</g>")
        let frame = " fill=\"none\""
        w.rect("panel", x: left, y: layout.latencyTop, width: layout.plotWidth, height: ChartLayout.latencyHeight,
            extra: frame)
        w.rect("panel", x: left, y: layout.errorTop, width: layout.plotWidth, height: ChartLayout.errorHeight,
            extra: frame)
        panelTitle("latency", top: layout.latencyTop, height: ChartLayout.latencyHeight, into: &w)
        panelTitle("errors", top: layout.errorTop, height: ChartLayout.errorHeight, into: &w)
    }

    private func panelTitle(_ text: String, top: Double, height: Double, into w: inout SVGWriter) {
        let y = SVGWriter.number(top + height / 2)
        w.raw("<text class=\"panel-title\" x=\"12\" y=\"\(y)\" text-anchor=\"middle\"")
        w.raw(" transform=\"rotate(-90 12 \(y))\">\(text)</text>")
    }

    /// A dotted line at each latency tolerance of the probe, named at its right end.
    private func drawLimits(into w: inout SVGWriter) {
        for limit in limits {
            let y = layout.latencyY(limit.ms, top: scale.top)
            w.line(
                "limit", x1: ChartLayout.left, y1: y, x2: layout.plotRight, y2: y,
                extra: " stroke-dasharray=\"2 3\" data-ms=\"\(limit.ms)\"")
            let text = "\(limit.check) limit \(ReportText.latency(.milliseconds(limit.ms)))"
            w.label("limit-label", x: layout.plotRight - 3, y: y - 3, text, anchor: "end")
        }
    }

    /// The error rate as a stepped area, then p99 (dashed) and p50 (solid) through each point's middle.
    private func drawSeries(into w: inout SVGWriter) {
        w.path("errors", errorArea())
        w.path("p99", line { $0.p99Ms }, extra: " fill=\"none\" stroke-dasharray=\"6 3\"")
        w.path("p50", line { $0.p50Ms }, extra: " fill=\"none\"")
        let middle = ChartLayout.left + layout.plotWidth / 2
        if !hasLatency {
            let text = hasSamples ? "no latency measured (every sample failed fast)" : "no samples"
            w.label("empty", x: middle, y: layout.latencyTop + ChartLayout.latencyHeight / 2, text, anchor: "middle")
        }
        if !hasSamples {
            w.label("empty", x: middle, y: layout.errorTop + ChartLayout.errorHeight / 2 + 4, "no samples",
                anchor: "middle")
        }
    }

    /// `M x y L x y …`, broken where a point has no value; a lone point gets a 1px stub so that it shows.
    private func line(_ value: (ChartPoint) -> Int64?) -> String {
        var d = ""
        var run = 0
        for point in points {
            guard let ms = value(point) else {
                if run == 1 { d += "h1" }
                run = 0
                continue
            }
            d += (run == 0 ? "M" : "L") + SVGWriter.number(layout.x(point.midMs)) + " "
                + SVGWriter.number(layout.latencyY(ms, top: scale.top))
            run += 1
        }
        if run == 1 { d += "h1" }
        return d
    }

    /// One closed step shape per stretch of seconds that had samples.
    private func errorArea() -> String {
        let base = SVGWriter.number(layout.errorBottom)
        var d = ""
        var open = false
        for point in points {
            guard let rate = point.errorRate else {
                if open { d += "V\(base)Z" }
                open = false
                continue
            }
            if !open { d += "M\(SVGWriter.number(layout.x(point.fromMs))) \(base)" }
            open = true
            d += "V\(SVGWriter.number(layout.errorY(rate)))H\(SVGWriter.number(layout.x(point.toMs)))"
        }
        if open { d += "V\(base)Z" }
        return d
    }
}
