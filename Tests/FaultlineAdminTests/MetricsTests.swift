/// /metrics: Prometheus text laid out as client_golang writes it, and 404 while disabled.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import Testing

@Suite struct MetricsTests {
    let harness = AdminHarness()

    private func metricsBody(_ snapshot: MetricsSnapshot) -> String {
        harness.control.metricsSnapshot = snapshot
        return harness.body("GET", "/metrics")
    }

    @Test func disabledMetricsAre404() {  // case 45
        #expect(harness.send("GET", "/metrics") == Wire.notFoundPage)
    }

    @Test func byteCountersUseToxiproxysNamesAndLabels() {  // case 45
        let proxy = MetricsSnapshot.Proxy(
            name: "p1",
            listener: "127.0.0.1:4000",
            upstream: "127.0.0.1:9",
            received: [.upstream: 5, .downstream: 5],
            sent: [.upstream: 5, .downstream: 5],
            activeConnections: 0
        )
        let expected = """
            # HELP faultline_connections_active Connections currently open through the proxy.
            # TYPE faultline_connections_active gauge
            faultline_connections_active{proxy="p1"} 0
            # HELP promhttp_metric_handler_errors_total Total number of internal errors encountered by the promhttp metric handler.
            # TYPE promhttp_metric_handler_errors_total counter
            promhttp_metric_handler_errors_total{cause="encoding"} 0
            promhttp_metric_handler_errors_total{cause="gathering"} 0
            # HELP toxiproxy_proxy_received_bytes_total \("")
            # TYPE toxiproxy_proxy_received_bytes_total counter
            toxiproxy_proxy_received_bytes_total{direction="downstream",listener="127.0.0.1:4000",proxy="p1",upstream="127.0.0.1:9"} 5
            toxiproxy_proxy_received_bytes_total{direction="upstream",listener="127.0.0.1:4000",proxy="p1",upstream="127.0.0.1:9"} 5
            # HELP toxiproxy_proxy_sent_bytes_total \("")
            # TYPE toxiproxy_proxy_sent_bytes_total counter
            toxiproxy_proxy_sent_bytes_total{direction="downstream",listener="127.0.0.1:4000",proxy="p1",upstream="127.0.0.1:9"} 5
            toxiproxy_proxy_sent_bytes_total{direction="upstream",listener="127.0.0.1:4000",proxy="p1",upstream="127.0.0.1:9"} 5

            """
        #expect(metricsBody(MetricsSnapshot(proxyMetrics: true, runtimeMetrics: false, proxies: [proxy])) == expected)
    }

    @Test func headersAndAnyMethod() {
        harness.control.metricsSnapshot = MetricsSnapshot(proxyMetrics: false, runtimeMetrics: false, proxies: [])
        let body =
            "# HELP promhttp_metric_handler_errors_total Total number of internal errors encountered by the promhttp metric handler.\n"
            + "# TYPE promhttp_metric_handler_errors_total counter\npromhttp_metric_handler_errors_total{cause=\"encoding\"} 0\n"
            + "promhttp_metric_handler_errors_total{cause=\"gathering\"} 0\n"
        #expect(
            harness.send("POST", "/metrics")
                == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + "Server: \(server)\r\nX-Toxiproxy-Request-Id: \(requestID)\r\nDate: \(date)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        )
        #expect(harness.send("GET", "/metrics", userAgent: "Mozilla/5.0").hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
    }

    @Test func seriesAreSortedAndEscaped() {
        let proxies = [
            MetricsSnapshot.Proxy(
                name: "b\"\\\n",
                listener: "l",
                upstream: "u",
                activeConnections: 2,
                toxicApplied: ["z": 1, "a": 2_000_000]
            ),
            MetricsSnapshot.Proxy(name: "a", listener: "l", upstream: "u", received: [.upstream: 1_048_576]),
        ]
        let body = metricsBody(MetricsSnapshot(proxyMetrics: true, runtimeMetrics: false, proxies: proxies))
        #expect(
            body.contains(
                "faultline_connections_active{proxy=\"a\"} 0\nfaultline_connections_active{proxy=\"b\\\"\\\\\\n\"} 2\n"
            )
        )
        #expect(
            body.contains(
                "faultline_toxic_applied_total{proxy=\"b\\\"\\\\\\n\",toxic=\"a\"} 2e+06\n"
                    + "faultline_toxic_applied_total{proxy=\"b\\\"\\\\\\n\",toxic=\"z\"} 1\n"
            )
        )
        #expect(
            body.contains(
                "toxiproxy_proxy_received_bytes_total{direction=\"upstream\",listener=\"l\",proxy=\"a\",upstream=\"u\"} 1.048576e+06\n"
            )
        )
        #expect(!body.contains("toxiproxy_proxy_sent_bytes_total"))
    }

    @Test func runtimeMetrics() {
        let snapshot = MetricsSnapshot(
            proxyMetrics: false,
            runtimeMetrics: true,
            proxies: [],
            residentBytes: 12_345_678,
            openDescriptors: 12,
            startTimeSeconds: 1_712_345_678.25
        )
        let body = metricsBody(snapshot)
        #expect(
            body.hasPrefix(
                "# HELP process_open_fds Number of open file descriptors.\n# TYPE process_open_fds gauge\nprocess_open_fds 12\n"
                    + "# HELP process_resident_memory_bytes Resident memory size in bytes.\n# TYPE process_resident_memory_bytes gauge\n"
                    + "process_resident_memory_bytes 1.2345678e+07\n# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n"
                    + "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds 1.71234567825e+09\n"
            )
        )
        #expect(!body.contains("toxiproxy_"))
    }
}
