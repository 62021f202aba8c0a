/// The TLS families: handshakes completed and sessions failed, per proxy and side.
import FaultlineCore

extension PrometheusText {
    /// Only proxies with a `tls` block have series here.
    static func tlsFamilies(_ proxies: [MetricsSnapshot.Proxy]) -> [Family] {
        var handshakes = Family(
            name: "faultline_tls_handshakes_total", help: "TLS handshakes completed, by side (client or upstream).",
            type: "counter", series: [])
        var failures = Family(
            name: "faultline_tls_failures_total",
            help: "TLS sessions that failed (bad input, refused certificates, timeouts, tls_handshake faults), by side.",
            type: "counter", series: [])
        for proxy in proxies {
            guard let tls = proxy.tls else { continue }
            for side in ["client", "upstream"] {
                let labels = [("proxy", proxy.name), ("side", side)]
                handshakes.series.append((labels, Double(tls.handshakes[side] ?? 0)))
                failures.series.append((labels, Double(tls.failures[side] ?? 0)))
            }
        }
        return [handshakes, failures]
    }
}
