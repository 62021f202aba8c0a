/// The HTTP fault families: requests parsed, faults by toxic and type, statuses seen, connections passed through.
import FaultlineCore

extension PrometheusText {
    /// Only proxies whose connections ever parsed HTTP have series here.
    static func httpFamilies(_ proxies: [MetricsSnapshot.Proxy]) -> [Family] {
        var requests = Family(
            name: "faultline_http_requests_total", help: "HTTP request heads parsed by the proxy's HTTP fault engines.",
            type: "counter", series: [])
        var faults = Family(
            name: "faultline_http_faults_total", help: "HTTP faults that acted on a request, by toxic and type.",
            type: "counter", series: [])
        var responses = Family(
            name: "faultline_http_responses_total",
            help: "HTTP response heads the clients received (synthetic ones included), by status code.",
            type: "counter", series: [])
        var passthrough = Family(
            name: "faultline_http_passthrough_total",
            help: "Connections that stopped parsing HTTP and passed their bytes through, by reason.",
            type: "counter", series: [])
        for proxy in proxies where !proxy.http.isEmpty {
            let name = ("proxy", proxy.name)
            requests.series.append(([name], Double(proxy.http.requests)))
            for (fault, count) in proxy.http.faults {
                faults.series.append(([name, ("toxic", fault.toxic), ("type", fault.type)], Double(count)))
            }
            for (code, count) in proxy.http.responses {
                responses.series.append(([("code", String(code)), name], Double(count)))
            }
            for (reason, count) in proxy.http.passthrough {
                passthrough.series.append(([name, ("reason", reason)], Double(count)))
            }
        }
        return [requests, faults, responses, passthrough]
    }
}
