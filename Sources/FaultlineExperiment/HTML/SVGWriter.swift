/// Builds SVG markup with coordinates rounded to a tenth of a pixel, which keeps long series small.

/// Attribute values that come from a report are escaped here; coordinates are numbers.
struct SVGWriter {
    private(set) var text = ""

    /// `261.3`, `64`, `-2.5`: one decimal at most, no trailing `.0`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int64((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        let fraction = magnitude % 10
        return sign + String(magnitude / 10) + (fraction == 0 ? "" : ".\(fraction)")
    }

    mutating func raw(_ markup: String) { text += markup }

    /// `<line class=… x1=… y1=… x2=… y2=…/>`; `extra` is literal attribute text.
    mutating func line(_ cls: String, x1: Double, y1: Double, x2: Double, y2: Double, extra: String = "") {
        text += "<line class=\"\(cls)\" x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\""
        text += " x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\"\(extra)/>"
    }

    /// `<rect class=… x=… y=… width=… height=…>`, with a tooltip when `title` is given.
    mutating func rect(
        _ cls: String, x: Double, y: Double, width: Double, height: Double, extra: String = "", title: String? = nil
    ) {
        text += "<rect class=\"\(cls)\" x=\"\(Self.number(x))\" y=\"\(Self.number(y))\""
        text += " width=\"\(Self.number(max(0, width)))\" height=\"\(Self.number(max(0, height)))\"\(extra)"
        if let title {
            text += "><title>\(HTMLText.escape(title))</title></rect>"
        } else {
            text += "/>"
        }
    }

    /// `<text class=… x=… y=…>escaped content</text>`; `anchor` is start, middle or end.
    mutating func label(_ cls: String, x: Double, y: Double, _ content: String, anchor: String = "start") {
        text += "<text class=\"\(cls)\" x=\"\(Self.number(x))\" y=\"\(Self.number(y))\""
        if anchor != "start" { text += " text-anchor=\"\(anchor)\"" }
        text += ">\(HTMLText.escape(content))</text>"
    }

    /// `<path class=… d=…/>`; nothing at all for an empty path.
    mutating func path(_ cls: String, _ d: String, extra: String = "") {
        guard !d.isEmpty else { return }
        text += "<path class=\"\(cls)\" d=\"\(d)\"\(extra)/>"
    }
}
