/// Short human texts shared by notices, the table and the plan printout: durations, rates, checks, faults.
import FaultlineCore

enum ReportText {
    /// `12ms`, `318ms`, `2.00s`, `61.2s` (the table's latency and time style).
    static func latency(_ duration: Duration) -> String {
        let ms = duration.wholeMilliseconds
        if ms < 1000 { return "\(ms)ms" }
        return seconds(duration, places: 2) + "s"
    }

    /// Seconds with `places` decimals, rounded half up: `10.003`, `61.2`.
    static func seconds(_ duration: Duration, places: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let ns = duration.nanosecondsClamped
        let unit = 1_000_000_000 / scale
        let scaled = (ns.magnitude + UInt64(unit / 2)) / UInt64(unit)
        let sign = ns < 0 ? "-" : ""
        let whole = scaled / UInt64(scale)
        guard places > 0 else { return sign + String(whole) }
        var fraction = String(scaled % UInt64(scale))
        fraction = String(repeating: "0", count: places - fraction.count) + fraction
        return sign + "\(whole).\(fraction)"
    }

    /// A rate as a percentage with one decimal: `92.3%`.
    static func percent(_ rate: Double) -> String {
        let tenths = Int64((rate * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// A rate with up to four decimals for JSON: `1.0`, `0.9231`, `0.0`.
    static func rate(_ rate: Double) -> String {
        let scaled = Int64((rate * 10_000).rounded())
        var fraction = String(scaled % 10_000)
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.count > 1 && fraction.last == "0" { fraction.removeLast() }
        return "\(scaled / 10_000).\(fraction)"
    }

    static func value(_ value: CheckValue) -> String {
        switch value {
        case .rate(let rate): percent(rate)
        case .latency(let duration): latency(duration)
        }
    }

    /// `checkout p99 2.00s > 1.50s`, `checkout minSuccessRate 80.0% < 99.0%`, `checkout p95 insufficient`.
    static func describe(_ outcome: CheckOutcome) -> String {
        guard let observed = outcome.observed else { return "\(outcome.probe) \(outcome.check) insufficient samples" }
        let relation: String
        switch (outcome.check, outcome.met) {
        case ("minSuccessRate", false): relation = "<"
        case ("minSuccessRate", true): relation = "≥"
        case (_, false): relation = ">"
        case (_, true): relation = "≤"
        }
        return "\(outcome.probe) \(outcome.check) \(value(observed)) \(relation) \(value(outcome.limit))"
    }

    /// `DELETE /proxies/payments/toxics/flx-…`.
    static func describe(_ request: AdminRequest) -> String {
        switch request {
        case .addToxic(let toxic): "POST /proxies/\(toxic.proxy)/toxics (\(toxic.name))"
        case .removeToxic(let proxy, let name, _): "DELETE /proxies/\(proxy)/toxics/\(name)"
        case .setEnabled(let proxy, let enabled, _): "POST /proxies/\(proxy) {\"enabled\":\(enabled)}"
        }
    }

    /// An attribute value as people write it: `100`, `stall`, `true`; arrays and objects as compact JSON.
    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .number(let text), .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array, .object:
            var writer = JSONWriter()
            value.write(into: &writer)
            return String(decoding: writer.bytes, as: UTF8.self)
        }
    }

    /// `latency 300±50ms downstream, 50% of connections`, `bandwidth rate=100 both`, `disabled`.
    static func effect(of action: FaultAction) -> String {
        guard case .toxic(let toxic) = action else { return "disabled" }
        var text: String
        if case .latency(let attributes)? = toxic.kind {
            text = "latency \(attributes.latency)" + (attributes.jitter > 0 ? "±\(attributes.jitter)ms" : "ms")
        } else {
            let pairs = toxic.attributes.map { "\($0.key)=\(scalar($0.value))" }
            text = ([toxic.type] + pairs).joined(separator: " ")
        }
        text += " \(toxic.stream.rawValue)"
        if toxic.toxicity < 1 { text += ", \(percent(Double(toxic.toxicity))) of connections" }
        return text
    }
}
