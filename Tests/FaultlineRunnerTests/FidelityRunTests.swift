/// An experiment whose fault carries the fidelity attributes (distribution, correlation, clients, ttl, schedule),
/// run end to end against a real Faultline: the file's attributes raise no warning and the server takes the toxic.
import FaultlineExperiment
import FaultlineRunner
import Testing

@Suite(.serialized) struct FidelityRunTests {
    @Test func aShapedFlappingSelfExpiringClientAwareLatencyIsInjectedAndDetected() throws {
        let bed = try TestBed()
        let directory = try TemporaryDirectory()
        let faults = """
            [{"name": "slow", "proxy": "web", "at": "1s", "duration": "2s",
              "toxic": {"type": "latency", "attributes": {"latency": 400, "jitter": 20, "distribution": "normal",
                        "correlation": 0.25, "clients": ["127.0.0.1/32"], "ttl": 60000,
                        "schedule": {"on": 900, "off": 100}}}}]
            """
        let text = Experiments.json(
            admin: bed.admin, url: bed.webURL, faults: faults, probeExtra: #", "maxLatency": "300ms""#,
            tolerances: #"[{"probe": "page", "minSuccessRate": 0.9, "p95": "250ms"}]"#)
        // The only warning is about the missing halt conditions: none about the toxic's attributes.
        let warnings = try Experiments.decode(text).warnings.map(\.description)
        #expect(!warnings.contains { $0.contains("toxic.attributes") }, "\(warnings)")
        let report = try runExperiment(text, admin: bed.admin, in: directory)
        #expect(report.faults.first?.injectedAtMs != nil)
        #expect(report.status == .deviated)
        let page = try #require(report.probes.first { $0.name == "page" })
        #expect(try #require(page.ttdMs) < 2000)
        #expect(try bed.leftovers().toxics.isEmpty)
    }
}
