/// Reference §10 cases 35–45 where HTTP matters: toxics driven over the API, refused upstreams, /metrics.
///
/// The timing of each toxic on live sockets (cases 35–43) is pinned in `ToxicSocketTests` through the same
/// `ProxyControl` seam the API calls: 35 `latencyRoundTripAndLiveUpdates`, 36 `latencyIsPipelinedFromReadTime`,
/// 37 `bandwidthCapsADownload`, 38 `limitDataPassesExactlyThenCloses`, 39 `timeoutClosesAfterIdleAndOnRemoval`,
/// 40 `resetPeerResetsPresentAndLive` (CONTRACT §2: a live add resets too), 41 `slowCloseDelaysTheEndNotTheData`,
/// 42 `toxicityAffectsAboutHalfAndNeverMixes`, 43 `removingALatencyFlushesHeldDataAtOnce`. Here: the HTTP path to a
/// live connection, case 42's re-roll rule (CONTRACT §2), case 44 and case 45.
import FaultlineTestSupport
import Dispatch
import Glibc
import Testing

extension AdminOverSockets {
    @Suite(.serialized) struct ConformanceDataTests {
        @Test func toxicsAddedOverHTTPReachLiveConnections() throws {  // cases 35 and 43 through the API
            let echo = try TestUpstream.echo()
            let server = try AdminServer()
            let admin = try server.client()
            let port = try server.createProxy("p1", upstream: "127.0.0.1:\(echo.port)", on: admin)
            let client = try BlockingSocket.connect(port: port)
            #expect(try client.roundTrip() < 0.1)
            #expect(
                try admin.send("POST", "/proxies/p1/toxics", #"{"type":"latency","attributes":{"latency":200}}"#).status
                    == 200
            )
            let slow = try client.roundTrip()
            #expect(slow >= 0.2 && slow < 0.4, "round trip \(slow)")
            #expect(
                try admin.send("PATCH", "/proxies/p1/toxics/latency_downstream", #"{"attributes":{"latency":50}}"#)
                    .status == 200
            )
            let faster = try client.roundTrip()
            #expect(faster >= 0.05 && faster < 0.2, "round trip \(faster)")

            #expect(
                try admin.send("PATCH", "/proxies/p1/toxics/latency_downstream", #"{"attributes":{"latency":2000}}"#)
                    .status == 200
            )
            let start = TestClock.now()
            try client.send("held")
            TestClock.pace(until: start + 0.2)
            #expect(try admin.send("DELETE", "/proxies/p1/toxics/latency_downstream").status == 204)
            #expect(try client.receive(exactly: 4) == Array("held".utf8))
            #expect(TestClock.now() - start < 0.7)
        }

        /// Whether each connection's round trip shows the 80 ms latency.
        private func delayed(_ clients: [BlockingSocket]) throws -> [Bool] {
            try clients.map { try $0.roundTrip() >= 0.08 }
        }

        @Test func neighboursNeverReRollAToxicOnlyItsOwnToxicityDoes() throws {  // case 42 as CONTRACT §2 states it
            let echo = try TestUpstream.echo()
            let server = try AdminServer()
            let admin = try server.client()
            let port = try server.createProxy("p1", upstream: "127.0.0.1:\(echo.port)", on: admin)
            let body = #"{"type":"latency","toxicity":0.5,"attributes":{"latency":80}}"#
            #expect(try admin.send("POST", "/proxies/p1/toxics", body).status == 200)
            let clients = try (0..<24).map { _ in try BlockingSocket.connect(port: port) }
            let rolled = try delayed(clients)
            #expect(rolled.contains(true) && rolled.contains(false), "\(rolled)")
            #expect(try delayed(clients) == rolled)  // per connection, never per chunk

            // Toxiproxy restarts (and re-rolls) the previous tail when a neighbour is added, updated or removed.
            #expect(try admin.send("POST", "/proxies/p1/toxics", #"{"type":"noop","name":"n"}"#).status == 200)
            #expect(try delayed(clients) == rolled)
            #expect(try admin.send("PATCH", "/proxies/p1/toxics/n", #"{"toxicity":0.5}"#).status == 200)
            #expect(try delayed(clients) == rolled)
            #expect(try admin.send("DELETE", "/proxies/p1/toxics/n").status == 204)
            #expect(try delayed(clients) == rolled)

            // Its own toxicity changing does re-roll: at 1 every connection is delayed.
            #expect(try admin.send("PATCH", "/proxies/p1/toxics/latency_downstream", #"{"toxicity":1}"#).status == 200)
            #expect(try delayed(clients).allSatisfy { $0 })
        }

        @Test(arguments: ["127.0.0.1", "localhost"])
        func aRefusingUpstreamClosesTheClientWithEOF(host: String) throws {  // case 44, nothing sent
            let server = try AdminServer()
            let port = try server.createProxy("dead", upstream: "\(host):\(try UpstreamFailureTests.closedPort())")
            let client = try BlockingSocket.connect(port: port)
            let start = TestClock.now()
            #expect(try client.receiveAll(timeout: 5) == [])
            #expect(TestClock.now() - start < 2)
            #expect(TestClock.eventually { server.activeConnections("dead") == 0 })
        }

        @Test(arguments: ["127.0.0.1", "localhost"])
        func aRefusingUpstreamResetsAClientThatSentData(host: String) throws {  // case 44, data sent
            let server = try AdminServer()
            let port = try server.createProxy("dead", upstream: "\(host):\(try UpstreamFailureTests.closedPort())")
            // Hold the data loop so the bytes are surely there before the dial fails, as with Toxiproxy's goroutine.
            let gate = DispatchSemaphore(value: 0)
            let holding = DispatchSemaphore(value: 0)
            server.handle.perform { server in
                server.runOnDataLoops {
                    holding.signal()
                    gate.wait()
                }
            }
            holding.wait()
            let client = try BlockingSocket.connect(port: port)
            try client.send("hi")
            gate.signal()
            #expect(throws: BlockingSocket.Failure.errno(ECONNRESET)) { _ = try client.receiveAll(timeout: 5) }
        }

        @Test func metricsCountBytesPerDirectionWithToxiproxysLabels() throws {  // case 45 (CONTRACT §2: live)
            let echo = try TestUpstream.echo()
            let server = try AdminServer(proxyMetrics: true)
            server.ports.learn(echo.port, as: "echo")
            let admin = try server.client()
            let port = try server.createProxy("p1", upstream: "127.0.0.1:\(echo.port)", on: admin)
            let client = try BlockingSocket.connect(port: port)
            try client.send("hello")
            #expect(try client.receive(exactly: 5) == Array("hello".utf8))
            // Faultline counts while the connection is open (Toxiproxy only when it closes).
            let live = { (text: String) in
                TestClock.eventually {
                    (try? admin.send("GET", "/metrics").normalized(server.ports))?.contains(text) == true
                }
            }
            #expect(live(Self.series("sent", "downstream", 5)))
            #expect(live(Self.series("received", "upstream", 5)))
            #expect(live("faultline_connections_active{proxy=\"p1\"} 1\n"))
            client.close()
            #expect(TestClock.eventually { server.activeConnections("p1") == 0 })

            let metrics = try admin.send("GET", "/metrics")
            let families = [
                "# HELP faultline_connections_active Connections currently open through the proxy.\n"
                    + "# TYPE faultline_connections_active gauge\nfaultline_connections_active{proxy=\"p1\"} 0\n",
                "# HELP promhttp_metric_handler_errors_total Total number of internal errors encountered by the"
                    + " promhttp metric handler.\n# TYPE promhttp_metric_handler_errors_total counter\n"
                    + "promhttp_metric_handler_errors_total{cause=\"encoding\"} 0\n"
                    + "promhttp_metric_handler_errors_total{cause=\"gathering\"} 0\n",
                "# HELP toxiproxy_proxy_received_bytes_total \n# TYPE toxiproxy_proxy_received_bytes_total counter\n"
                    + Self.series("received", "downstream", 5) + Self.series("received", "upstream", 5),
                "# HELP toxiproxy_proxy_sent_bytes_total \n# TYPE toxiproxy_proxy_sent_bytes_total counter\n"
                    + Self.series("sent", "downstream", 5) + Self.series("sent", "upstream", 5),
            ]
            #expect(
                metrics.normalized(server.ports)
                    == ExpectedWire.response(
                        "200 OK",
                        contentType: "text/plain; version=0.0.4; charset=utf-8",
                        body: families.joined()
                    )
            )
        }

        static func series(_ kind: String, _ direction: String, _ value: Int) -> String {
            "toxiproxy_proxy_\(kind)_bytes_total{direction=\"\(direction)\",listener=\"127.0.0.1:{p1}\",proxy=\"p1\","
                + "upstream=\"127.0.0.1:{echo}\"} \(value)\n"
        }

        @Test func metricsAreNotFoundWithoutTheFlag() throws {  // case 45
            let server = try AdminServer(proxyMetrics: false)
            #expect(try server.exchange("GET", "/metrics") == ExpectedWire.notFoundPage)
        }
    }
}
