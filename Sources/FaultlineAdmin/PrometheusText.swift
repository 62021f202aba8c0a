/// /metrics in the Prometheus text format, laid out as Go's client_golang writes it.
import FaultlineCore

enum PrometheusText {
    /// One metric family: name, help, type and its series (label pairs in label-name order, and a value).
    struct Family {
        var name: String
        var help: String
        var type: String
        var series: [(labels: [(String, String)], value: Double)]
    }

    /// Families sorted by name, series by label values, empty families left out, like `promhttp`.
    static func render(_ snapshot: MetricsSnapshot) -> String {
        var families = [
            Family(
                name: "promhttp_metric_handler_errors_total",
                help: "Total number of internal errors encountered by the promhttp metric handler.",
                type: "counter",
                series: [([("cause", "encoding")], 0), ([("cause", "gathering")], 0)]
            )
        ]
        if snapshot.proxyMetrics { families += proxyFamilies(snapshot.proxies) }
        if snapshot.runtimeMetrics { families += processFamilies(snapshot.process) + loopFamilies(snapshot.loops) }
        var text = ""
        for family in families.sorted(by: { $0.name < $1.name }) where !family.series.isEmpty {
            text +=
                "# HELP \(family.name) \(escape(family.help, quotes: false))\n# TYPE \(family.name) \(family.type)\n"
            let series = family.series.sorted { lhs, rhs in
                lhs.labels.map(\.1).lexicographicallyPrecedes(rhs.labels.map(\.1)) { $0.isBytewiseLess(than: $1) }
            }
            for (labels, value) in series {
                let pairs = labels.map { "\($0.0)=\"\(escape($0.1, quotes: true))\"" }
                text +=
                    family.name + (pairs.isEmpty ? "" : "{\(pairs.joined(separator: ","))}")
                    + " \(GoFloatFormat.g(value))\n"
            }
        }
        return text
    }

    /// Toxiproxy's byte counters (empty HELP, as Toxiproxy registers them) and Faultline's gauges.
    private static func proxyFamilies(_ proxies: [MetricsSnapshot.Proxy]) -> [Family] {
        var received = Family(name: "toxiproxy_proxy_received_bytes_total", help: "", type: "counter", series: [])
        var sent = Family(name: "toxiproxy_proxy_sent_bytes_total", help: "", type: "counter", series: [])
        var active = Family(
            name: "faultline_connections_active",
            help: "Connections currently open through the proxy.",
            type: "gauge",
            series: []
        )
        var applied = Family(
            name: "faultline_toxic_applied_total",
            help: "Times a toxic was applied to a connection (its toxicity roll came up).",
            type: "counter",
            series: []
        )
        for proxy in proxies {
            for direction in Direction.allCases {
                let labels = [
                    ("direction", direction.rawValue), ("listener", proxy.listener), ("proxy", proxy.name),
                    ("upstream", proxy.upstream),
                ]
                if let bytes = proxy.received[direction] { received.series.append((labels, Double(bytes))) }
                if let bytes = proxy.sent[direction] { sent.series.append((labels, Double(bytes))) }
            }
            active.series.append(([("proxy", proxy.name)], Double(proxy.activeConnections)))
            for (toxic, count) in proxy.toxicApplied {
                applied.series.append(([("proxy", proxy.name), ("toxic", toxic)], Double(count)))
            }
        }
        return [received, sent, active, applied] + toxicFamilies(proxies) + udpFamilies(proxies)
            + httpFamilies(proxies) + tlsFamilies(proxies)
    }

    /// Label values escape `\`, `"` and newline; HELP text only `\` and newline.
    private static func escape(_ text: String, quotes: Bool) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quotes: out += "\\\""
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
