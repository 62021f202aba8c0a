/// The chart's annotations: vertical lines for a halt, a signal and the rollback's end; brackets for TTD and TTR.

extension ProbeChart {
    /// Dash patterns tell the markers apart in black and white; the labels say what each is.
    func drawMarkers(into w: inout SVGWriter) {
        for (position, marker) in markers.enumerated() {
            let x = layout.x(marker.ms)
            let dash =
                switch marker.kind {
                case .halt, .signal: "8 3"
                case .rollback: "1 3"
                }
            w.line(
                marker.kind.rawValue, x1: x, y1: layout.latencyTop, x2: x, y2: layout.errorBottom,
                extra: " stroke-dasharray=\"\(dash)\" data-ms=\"\(marker.ms)\"")
            let text = "\(marker.label) +\(Self.seconds(marker.ms))"
            placeLabel(
                "marker-label", text, from: x, to: x, y: layout.latencyTop + 12 + Double(position) * 12, into: &w)
        }
    }

    /// The rows under the time axis: from the first injection to the detecting sample, from the last removal to
    /// the start of the stable window.
    func drawNotes(into w: inout SVGWriter) {
        if let detection {
            w.label("row-label", x: 4, y: layout.detectionRowY, "detect")
            bracket("ttd", detection, y: layout.detectionRowY, into: &w)
            if detection.toMs > detection.fromMs {
                let x = layout.x(detection.toMs)
                w.line(
                    "ttd-mark", x1: x, y1: layout.latencyTop, x2: x, y2: layout.detectionRowY,
                    extra: " stroke-dasharray=\"1 2\" data-ms=\"\(detection.toMs)\"")
            }
        }
        if let recovery {
            w.label("row-label", x: 4, y: layout.recoveryRowY, "recover")
            bracket("ttr", recovery, y: layout.recoveryRowY, into: &w)
        }
    }

    /// `|‾‾‾|` from `span.fromMs` to `span.toMs` on a row, with its label beside it.
    private func bracket(_ cls: String, _ span: Span, y: Double, into w: inout SVGWriter) {
        let from = layout.x(span.fromMs)
        let to = layout.x(span.toMs)
        let top = SVGWriter.number(y - 9)
        let d = "M\(SVGWriter.number(from)) \(top)V\(SVGWriter.number(y - 3))H\(SVGWriter.number(to))V\(top)"
        w.path(cls, d, extra: " fill=\"none\" data-from-ms=\"\(span.fromMs)\" data-to-ms=\"\(span.toMs)\"")
        placeLabel(cls + "-label", span.label, from: from, to: to, y: y, into: &w)
    }

    /// Right of `to` when it fits before the plot's right edge, else left of `from`.
    private func placeLabel(
        _ cls: String, _ text: String, from: Double, to: Double, y: Double, into w: inout SVGWriter
    ) {
        let width = Double(text.count) * FaultBand.characterWidth
        if to + 4 + width <= layout.plotRight {
            w.label(cls, x: to + 4, y: y, text)
        } else {
            w.label(cls, x: from - 4, y: y, text, anchor: "end")
        }
    }
}
