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

    @Test func runtimeMetricsAreGoSProcessSetAndFaultlinesLoops() {
        var process = MetricsSnapshot.Process()
        process.cpuSeconds = 1.5
        process.openDescriptors = 12
        process.maxDescriptors = 20_000
        process.residentBytes = 12_345_678
        process.virtualBytes = 2e9
        process.virtualMaxBytes = Double(UInt64.max)
        process.startTimeSeconds = 1_712_345_678.25
        let snapshot = MetricsSnapshot(
            proxyMetrics: false, runtimeMetrics: true, proxies: [], process: process,
            loops: [
                MetricsSnapshot.Loop(name: "control", busySeconds: 0.25, busyRatio: 0.01, pendingTimers: 3, connections: 0),
                MetricsSnapshot.Loop(name: "0", busySeconds: 2, busyRatio: 0.5, pendingTimers: 7, connections: 40),
            ])
        let body = metricsBody(snapshot)
        for line in [
            "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
                + "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1.5\n",
            "# TYPE process_max_fds gauge\nprocess_max_fds 20000\n",
            "process_open_fds 12\n", "process_resident_memory_bytes 1.2345678e+07\n",
            "process_start_time_seconds 1.71234567825e+09\n", "process_virtual_memory_bytes 2e+09\n",
            "process_virtual_memory_max_bytes 1.8446744073709552e+19\n",
            "faultline_loop_busy_ratio{loop=\"0\"} 0.5\nfaultline_loop_busy_ratio{loop=\"control\"} 0.01\n",
            "faultline_loop_connections{loop=\"0\"} 40\n", "faultline_loop_timers_pending{loop=\"control\"} 3\n",
            "faultline_loop_busy_seconds_total{loop=\"0\"} 2\n",
        ] {
            #expect(body.contains(line), "missing \(line)")
        }
        #expect(!body.contains("toxiproxy_") && !body.contains("go_"))
    }

    @Test func toxicsShowWhatTheyAreDoing() {
        let proxy = MetricsSnapshot.Proxy(
            name: "a", listener: "l", upstream: "u",
            toxics: ["slow": MetricsSnapshot.Toxic(connections: 3, heldBytes: 4096, delayedEvents: 12, droppedBytes: 0)])
        let body = metricsBody(MetricsSnapshot(proxyMetrics: true, runtimeMetrics: false, proxies: [proxy]))
        #expect(body.contains("faultline_toxic_connections{proxy=\"a\",toxic=\"slow\"} 3\n"))
        #expect(body.contains("faultline_toxic_held_bytes{proxy=\"a\",toxic=\"slow\"} 4096\n"))
        #expect(body.contains("faultline_toxic_delayed_events_total{proxy=\"a\",toxic=\"slow\"} 12\n"))
        #expect(body.contains("faultline_toxic_dropped_bytes_total{proxy=\"a\",toxic=\"slow\"} 0\n"))
    }
}

extension MetricsTests {
    @Test func httpFaultFamiliesAppearOnlyForProxiesThatParsedHTTP() {
        var web = MetricsSnapshot.Proxy(name: "web", listener: "127.0.0.1:4001", upstream: "127.0.0.1:80")
        web.http = MetricsSnapshot.HTTP(
            requests: 10, faults: [.init(toxic: "flaky", type: "http_abort"): 3], responses: [200: 7, 503: 3],
            passthrough: ["tls": 1])
        let plain = MetricsSnapshot.Proxy(name: "plain", listener: "127.0.0.1:4002", upstream: "127.0.0.1:81")
        let body = metricsBody(MetricsSnapshot(proxyMetrics: true, runtimeMetrics: false, proxies: [plain, web]))
        let lines = body.split(separator: "\n").filter { $0.hasPrefix("faultline_http_") }
        #expect(lines == [
            #"faultline_http_faults_total{proxy="web",toxic="flaky",type="http_abort"} 3"#,
            #"faultline_http_passthrough_total{proxy="web",reason="tls"} 1"#,
            #"faultline_http_requests_total{proxy="web"} 10"#,
            #"faultline_http_responses_total{code="200",proxy="web"} 7"#,
            #"faultline_http_responses_total{code="503",proxy="web"} 3"#,
        ])
        #expect(body.contains("# TYPE faultline_http_requests_total counter"))
    }
}
