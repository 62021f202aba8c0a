/// Decoding experiment files: the design's complete example field by field, defaults, and the accepted forms.
import FaultlineCore
import FaultlineExperiment
import Testing

@Suite struct ExperimentFileDecodingTests {
    @Test func theDesignExampleDecodesFieldByField() throws {
        let file = try ExperimentFile.decode(DesignExample.bytes)
        #expect(file.title == "Checkout survives a slow, flaky payments dependency")
        #expect(file.hypothesis?.hasPrefix("With +300 ms") == true)
        #expect(file.seed == 42)
        #expect(file.admin == "http://127.0.0.1:8474")
        #expect(file.maxDuration == .seconds(180))
        #expect(file.probes.map(\.name) == ["checkout", "payments-port", "alert-quiet"])

        let checkout = try #require(file.probe(named: "checkout"))
        #expect(checkout.every == .milliseconds(250))
        #expect(checkout.timeout == .seconds(2))
        #expect(checkout.maxLatency == .seconds(1))
        #expect(
            checkout.kind
                == .http(
                    HTTPProbe(
                        url: "http://127.0.0.1:8080/checkout", host: "127.0.0.1", port: 8080, target: "/checkout",
                        method: "GET", status: [StatusRange(200, 299)]
                    )
                )
        )
        let port = try #require(file.probe(named: "payments-port"))
        #expect(port.kind == .tcp(TCPProbe(address: "127.0.0.1:26379", host: "127.0.0.1", port: 26379)))
        #expect(port.maxLatency == nil)
        let alert = try #require(file.probe(named: "alert-quiet"))
        #expect(alert.kind == .command(CommandProbe(argv: ["./scripts/alert-quiet", "PaymentsSlow"], expectExit: 0)))
        #expect(alert.every == .seconds(5))

        #expect(file.steadyState.baseline == .seconds(10))
        #expect(
            file.steadyState.tolerances == [
                CheckSpec(
                    probe: "checkout", rate: .minSuccessRate(0.99),
                    latency: [LatencyBound(.p95, .milliseconds(800)), LatencyBound(.p99, .milliseconds(1500))]
                ),
                CheckSpec(probe: "payments-port", rate: .minSuccessRate(1.0)),
            ]
        )

        #expect(file.faults.count == 2)
        let slow = file.faults[0]
        #expect(slow.name == "slow-payments")
        #expect(slow.proxies == ["payments"])
        #expect(slow.pick == nil)
        #expect(slow.start == .at(.seconds(10)))
        #expect(slow.duration == .seconds(30))
        #expect(
            slow.action
                == .toxic(
                    FaultToxic(
                        kind: .latency(LatencyAttributes(latency: 300, jitter: 50)), stream: .downstream,
                        toxicity: 0.5
                    )
                )
        )
        let cache = file.faults[1]
        #expect(cache.proxies == ["cache-a", "cache-b", "cache-c"])
        #expect(cache.pick == 1)
        #expect(cache.start == .between(min: .seconds(20), max: .seconds(30)))
        #expect(cache.action == .down)

        #expect(
            file.halt == [
                HaltSpec(
                    check: CheckSpec(probe: "checkout", rate: .maxErrorRate(0.2)), window: .seconds(5), minSamples: 10
                ),
                HaltSpec(check: CheckSpec(probe: "payments-port", rate: .minSuccessRate(0.5)), window: .seconds(5)),
            ]
        )
        #expect(file.halt.allSatisfy { $0.armed == .injection })
        #expect(file.recovery == RecoverySpec(within: .seconds(30), stableFor: .seconds(5)))
        #expect(file.report == ReportSpec(json: "experiment-report.json", table: true))
        #expect(file.warnings.isEmpty)
        #expect(file.proxyNames == ["payments", "cache-a", "cache-b", "cache-c"])
    }

    @Test func defaultsApplyWhenFieldsAreAbsent() throws {
        let text = """
            {"version": "faultline.experiment/v1", "title": "minimal",
             "probes": {"p": {"tcp": {"address": "localhost:1"}}},
             "steadyState": {"baseline": "1s"},
             "faults": [{"name": "f", "proxy": "x", "at": "1s", "duration": "1s", "toxic": {"type": "timeout"}}]}
            """
        let file = try ExperimentFile.decode(Array(text.utf8))
        let probe = try #require(file.probes.first)
        #expect(probe.every == .seconds(1))
        #expect(probe.timeout == .seconds(2))
        #expect(probe.maxLatency == nil)
        #expect(file.seed == nil)
        #expect(file.admin == nil)
        #expect(file.maxDuration == nil)
        #expect(file.halt.isEmpty)
        #expect(file.recovery == RecoverySpec(within: .seconds(30), stableFor: .seconds(5)))
        #expect(file.report == ReportSpec(json: nil, table: true))
        #expect(
            file.faults[0].action
                == .toxic(FaultToxic(kind: .timeout(TimeoutAttributes()), stream: .downstream, toxicity: 1))
        )
        #expect(file.steadyState.tolerances.isEmpty)
        #expect(file.warnings.map(\.path) == ["halt", "steadyState.tolerances"])
    }

    @Test func httpProbeOptionsAndStatusForms() throws {
        let probes = #"""
            {"h": {"http": {"url": "http://[::1]:9000/a?b=1#frag", "method": "POST", "headers": {"X-A": "1", "Accept": "*/*"},
                            "status": [204, "3xx", "200-201"], "bodyContains": "ok"}},
             "d": {"http": {"url": "http://example.test"}}}
            """#
        let text = """
            {"version": "faultline.experiment/v1", "title": "t", "probes": \(probes),
             "steadyState": {"baseline": "1s"},
             "faults": [{"name": "f", "proxy": "x", "at": "1s", "duration": "1s", "down": true}]}
            """
        let file = try ExperimentFile.decode(Array(text.utf8))
        guard case .http(let http) = file.probes[0].kind, case .http(let plain) = file.probes[1].kind else {
            Issue.record("expected http probes")
            return
        }
        #expect(http.host == "::1")
        #expect(http.port == 9000)
        #expect(http.target == "/a?b=1")
        #expect(http.method == "POST")
        #expect(
            http.headers == [HTTPProbeHeader(name: "X-A", value: "1"), HTTPProbeHeader(name: "Accept", value: "*/*")])
        #expect(http.status == [StatusRange(204, 204), StatusRange(300, 399), StatusRange(200, 201)])
        #expect(http.bodyContains == "ok")
        #expect(http.accepts(status: 204) && http.accepts(status: 302) && http.accepts(status: 201))
        #expect(!http.accepts(status: 200 + 2) && !http.accepts(status: 404))
        #expect(plain.host == "example.test" && plain.port == 80 && plain.target == "/" && plain.method == "GET")
    }

    @Test func streamBothAndAttributesOfEveryToxicType() throws {
        let faults = """
            [{"name": "a", "proxy": "x", "at": "1s", "duration": "1s",
              "toxic": {"type": "bandwidth", "stream": "both", "attributes": {"rate": 100}}},
             {"name": "b", "proxy": "x", "at": "1s", "duration": "1s",
              "toxic": {"type": "slicer", "stream": "upstream", "attributes": {"average_size": 10, "delay": 5}}}]
            """
        let text = """
            {"version": "faultline.experiment/v1", "title": "t", "probes": {"p": {"tcp": {"address": "h:1"}}},
             "steadyState": {"baseline": "1s"}, "faults": \(faults)}
            """
        let file = try ExperimentFile.decode(Array(text.utf8))
        #expect(
            file.faults[0].action == .toxic(FaultToxic(kind: .bandwidth(BandwidthAttributes(rate: 100)), stream: .both))
        )
        #expect(
            file.faults[1].action
                == .toxic(FaultToxic(kind: .slicer(SlicerAttributes(averageSize: 10, delay: 5)), stream: .upstream))
        )
        #expect(file.faults[0].toxicNames(runID: "r") == ["flx-r-a-up", "flx-r-a-down"])
        #expect(file.faults[1].toxicNames(runID: "r") == ["flx-r-b"])
    }

    @Test(
        arguments: [
            ("250ms", 250_000_000), ("30s", 30_000_000_000), ("2m", 120_000_000_000), ("1.5s", 1_500_000_000),
            ("0.25ms", 250_000), ("0s", 0), ("1500ms", 1_500_000_000), ("0.000001s", 1000),
        ] as [(String, Int64)])
    func durationsParse(text: String, nanoseconds: Int64) {
        #expect(ExperimentDuration.parse(text) == .nanoseconds(nanoseconds))
    }

    @Test(arguments: [
        "", "30", "s", "ms", "-1s", "+1s", "1.s", ".5s", "1h", "1 s", " 1s", "1S", "1e3ms", "1.1234567s",
        "9999999999999m", "1,5s", "1sms",
    ])
    func malformedDurationsAreRejected(text: String) {
        #expect(ExperimentDuration.parse(text) == nil)
    }

    @Test(
        arguments: [
            (120_000_000_000, "2m"), (30_000_000_000, "30s"), (250_000_000, "250ms"), (1_500_000_000, "1.5s"),
            (250_000, "0.25ms"), (0, "0s"),
        ] as [(Int64, String)])
    func durationsFormatInTheFileUnits(nanoseconds: Int64, text: String) {
        #expect(ExperimentDuration.format(.nanoseconds(nanoseconds)) == text)
        #expect(ExperimentDuration.parse(text) == .nanoseconds(nanoseconds))
    }
}
