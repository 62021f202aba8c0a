/// The runner as a plain admin-API client: seeds only for Faultline (told by the Server header), Toxiproxy's
/// routes and methods, and a rollback when the admin API starts failing mid-run.
import FaultlineExperiment
import FaultlineRunner
import Testing

/// An admin API that answers like Toxiproxy (or like Faultline when `server` is given) and records every request.
func fakeAdmin(server: String? = nil, failAdds: Bool = false) throws -> LoopbackHTTPServer {
    let headers = server.map { ["Server: \($0)"] } ?? []
    return try LoopbackHTTPServer { request in
        if request.hasPrefix("POST /proxies/web/toxics ") {
            return failAdds
                ? .respond(status: 500, body: #"{"error":"disk on fire","status":500}"#, headers: headers)
                : .respond(status: 200, body: "{}", headers: headers)
        }
        if request.hasPrefix("DELETE ") { return .respond(status: 204, body: "", headers: headers) }
        return .respond(status: 200, body: #"{"name":"web"}"#, headers: headers)
    }
}

@Suite(.serialized) struct AdminCompatibilityTests {
    @Test(arguments: [nil, "faultline/9.9.9"] as [String?])
    func toxicBodiesCarryASeedOnlyForFaultline(server: String?) throws {
        let admin = try fakeAdmin(server: server)
        let web = try LoopbackHTTPServer()
        let directory = try TemporaryDirectory()
        let url = "http://127.0.0.1:\(admin.port)"
        let text = Experiments.json(
            admin: url, url: "http://127.0.0.1:\(web.port)/", faults: Experiments.latency(100, duration: "500ms"))
        let report = try runExperiment(text, admin: url, in: directory)

        #expect(report.status == .passed)
        #expect(report.server?.seededToxics == (server != nil))
        #expect(report.server?.version == server)
        let requests = admin.received
        let add = try #require(requests.first { $0.hasPrefix("POST /proxies/web/toxics HTTP/1.1") })
        #expect(add.contains(#""name":"flx-0000abcd-slow""#))
        #expect(add.contains(#""seed":"#) == (server != nil))
        #expect(requests.contains { $0.hasPrefix("GET /proxies/web HTTP/1.1") })
        #expect(requests.contains { $0.hasPrefix("DELETE /proxies/web/toxics/flx-0000abcd-slow HTTP/1.1") })
    }

    /// Toxic types and attributes this Faultline does not know go to the server byte for byte: it decides.
    @Test func newToxicTypesAndAttributesReachTheAdminAPIAsWritten() throws {
        let admin = try fakeAdmin(server: "faultline/9.9.9")
        let web = try LoopbackHTTPServer()
        let directory = try TemporaryDirectory()
        let url = "http://127.0.0.1:\(admin.port)"
        let faults = """
            [{"name": "flaky", "proxy": "web", "at": "1s", "duration": "300ms",
              "toxic": {"type": "http_status", "attributes": {"status": 503, "clients": ["10.0.0.1"]}}},
             {"name": "slow", "proxy": "web", "at": "1s", "duration": "300ms",
              "toxic": {"type": "latency", "attributes": {"latency": 5, "distribution": "pareto", "ttl": 100}}}]
            """
        let report = try runExperiment(
            Experiments.json(admin: url, url: "http://127.0.0.1:\(web.port)/", faults: faults), admin: url,
            in: directory)

        #expect(report.status == .passed)
        let adds = admin.received.filter { $0.hasPrefix("POST /proxies/web/toxics HTTP/1.1") }
        #expect(adds.count == 2)
        #expect(
            adds.contains {
                $0.contains(#""type":"http_status","#)
                    && $0.contains(#""attributes":{"status":503,"clients":["10.0.0.1"]},"seed":"#)
            })
        #expect(
            adds.contains {
                $0.contains(#""attributes":{"latency":5,"jitter":0,"distribution":"pareto","ttl":100},"seed":"#)
            })
    }

    @Test func adminFailureMidRunHaltsAndRollsBack() throws {
        let admin = try fakeAdmin(server: "faultline/9.9.9", failAdds: true)
        let web = try LoopbackHTTPServer()
        let directory = try TemporaryDirectory()
        let url = "http://127.0.0.1:\(admin.port)"
        let text = Experiments.json(
            admin: url, url: "http://127.0.0.1:\(web.port)/", faults: Experiments.latency(100, duration: "5s"))
        let report = try runExperiment(text, admin: url, in: directory)

        #expect(report.status == .halted)
        #expect(report.halt?.reason == "adminFailure")
        #expect(report.errors.contains { $0.contains("HTTP 500: disk on fire") })
        // The add failed in an unknown way, so the rollback removes the toxic in case it was applied.
        #expect(admin.received.contains { $0.hasPrefix("DELETE /proxies/web/toxics/flx-0000abcd-slow ") })
        #expect(directory.entries("state").isEmpty)
    }
}
