/// What client commands print: toxiproxy-cli's tab-separated lines when stdout is not a terminal (scripts read
/// them), an aligned table with colour and hints when it is.
import FaultlineClient
import FaultlineCore
import FaultlinePosix

struct Render {
    /// Tables and hints for a person; plain lines for a pipe.
    var terminal: Bool
    /// ANSI colour (terminal only; `NO_COLOR` turns it off).
    var colour: Bool

    /// The style for this process's stdout.
    static var standard: Render {
        let terminal = StandardOutput.isTerminal
        return Render(terminal: terminal, colour: terminal && (Environment.value("NO_COLOR") ?? "").isEmpty)
    }

    enum Colour: String {
        case red = "\u{1B}[31m"
        case green = "\u{1B}[32m"
        case yellow = "\u{1B}[33m"
        case blue = "\u{1B}[34m"
        case purple = "\u{1B}[35m"
        case bold = "\u{1B}[1m"
    }

    func paint(_ text: String, _ colour: Colour) -> String {
        self.colour ? colour.rawValue + text + "\u{1B}[0m" : text
    }

    // MARK: - list and inspect

    /// `list`: plain is `name\tlisten\tupstream\tenabled|disabled\t<toxics>` per proxy, nothing else.
    func proxyList(_ proxies: [ProxyInfo]) -> String {
        guard terminal else {
            return proxies.map {
                "\($0.name)\t\($0.listen)\t\($0.upstream)\t\(Self.state($0.enabled))\t\($0.toxics.count)\n"
            }
            .joined()
        }
        guard !proxies.isEmpty else {
            return paint("no proxies", .red) + "\n" + hint("create a proxy with `faultline create`")
        }
        let header = ["Name", "Listen", "Upstream", "Enabled", "Toxics"]
        let rows = proxies.map { proxy in
            [
                proxy.name, proxy.listen, proxy.upstream, Self.state(proxy.enabled),
                proxy.toxics.isEmpty ? "None" : String(proxy.toxics.count),
            ]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        let colours: [Colour] = [.green, .blue, .yellow, .purple, .red]
        var out =
            zip(header, widths).enumerated().map { column, pair in
                paint(Self.padded(pair.0, column == header.count - 1 ? 0 : pair.1), colours[column])
            }.joined(separator: "  ") + "\n"
        for (row, proxy) in zip(rows, proxies) {
            let cells = row.enumerated().map { column, cell in
                let text = Self.padded(cell, column == row.count - 1 ? 0 : widths[column])
                return column == 0 ? paint(text, proxy.enabled ? .green : .red) : text
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out + hint("inspect toxics with `faultline inspect <proxyName>`")
    }

    /// `inspect`: plain is one line per toxic,
    /// `name\ttype=…\tstream=…\ttoxicity=0.50\tattributes=[\tkey=value…\t]`, attributes sorted by key.
    func proxyDetail(_ proxy: ProxyInfo) -> String {
        guard terminal else { return proxy.toxics.map(toxicLine).joined() }
        var out = paint("Name: ", .purple) + proxy.name + "\t" + paint("Listen: ", .blue) + proxy.listen + "\t"
        out += paint("Upstream: ", .yellow) + proxy.upstream + "\t" + paint(Self.state(proxy.enabled), .bold) + "\n"
        out += String(repeating: "=", count: 70) + "\n"
        if proxy.toxics.isEmpty {
            out += paint("Proxy has no toxics enabled.", .red) + "\n"
        } else {
            let upstream = proxy.toxics.filter { $0.stream.lowercased() == "upstream" }
            let downstream = proxy.toxics.filter { $0.stream.lowercased() != "upstream" }
            for (title, toxics) in [("Upstream", upstream), ("Downstream", downstream)] {
                if title == "Downstream" { out += "\n" }
                out += paint("\(title) toxics:", .green) + "\n"
                if toxics.isEmpty { out += paint("Proxy has no \(title) toxics enabled.", .red) + "\n" }
                out += toxics.map(toxicLine).joined()
            }
        }
        return out + hint("add a toxic with `faultline toxic add`")
    }

    private func toxicLine(_ toxic: ToxicInfo) -> String {
        let name = terminal ? paint(toxic.name + ":", .blue) : toxic.name
        let sorted = toxic.attributes.sorted { $0.key.isBytewiseLess(than: $1.key) }
        let attributes = sorted.map { "\t\($0.key)=\(attributeText($0.value))" }.joined()
        return "\(name)\ttype=\(toxic.type)\tstream=\(toxic.stream)\ttoxicity=\(Self.twoDecimals(toxic.toxicity))"
            + "\tattributes=[\(attributes)\t]\n"
    }

    /// Plain output prints numbers as Go's `fmt.Print(float64)` does (`100`, `0.5`, `1e+06`), as toxiproxy-cli
    /// does; a terminal shows the number as the server sent it.
    private func attributeText(_ value: JSONValue) -> String {
        switch value {
        case .number(let text):
            guard !terminal, let number = Double(text) else { return text }
            return GoFloatFormat.g(number)
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "<nil>"
        case .array, .object: return "\(value)"
        }
    }

    // MARK: - one-line results

    func created(_ proxy: String) -> String { "Created new proxy \(proxy)\n" }

    func toggled(_ proxy: ProxyInfo) -> String {
        let colour: Colour = proxy.enabled ? .green : .red
        return "Proxy \(paint(proxy.name, colour)) is now \(paint(Self.state(proxy.enabled), colour))\n"
    }

    func deleted(_ proxy: String) -> String { "Deleted proxy \(proxy)\n" }

    func addedToxic(_ toxic: ToxicInfo, on proxy: String) -> String {
        "Added \(toxic.stream) \(toxic.type) toxic '\(toxic.name)' on proxy '\(proxy)'\n"
    }

    func updatedToxic(_ toxic: ToxicInfo, on proxy: String) -> String {
        "Updated toxic '\(toxic.name)' on proxy '\(proxy)'\n"
    }

    func removedToxic(_ toxic: String, on proxy: String) -> String { "Removed toxic '\(toxic)' on proxy '\(proxy)'\n" }

    // MARK: - helpers

    private func hint(_ text: String) -> String { terminal ? "\nHint: \(text)\n" : "" }

    static func state(_ enabled: Bool) -> String { enabled ? "enabled" : "disabled" }

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// Go's `%.2f` for a float32 widened to float64: exact, ties to even (`0.125` → `0.12`).
    static func twoDecimals(_ value: Float) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        // A float32 has 24 significant bits, so the product with 100 is exact in a double.
        let hundredths = (Double(value) * 100).rounded(.toNearestOrEven).magnitude
        guard hundredths < 9e18 else { return "\(Double(value))" }
        let whole = UInt64(hundredths)
        let fraction = whole % 100
        return (value.sign == .minus ? "-" : "") + "\(whole / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
