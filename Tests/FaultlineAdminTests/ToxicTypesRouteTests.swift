/// `GET /toxic-types`: a new route beside Toxiproxy's, answered from the control's catalogue.
import FaultlineAdmin
import FaultlineCore
import Testing

@Suite struct ToxicTypesRouteTests {
    let harness = AdminHarness()

    @Test func itListsCoresTypesWithTheirAttributes() throws {
        let response = harness.send("GET", "/toxic-types")
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"))
        let body = harness.body("GET", "/toxic-types")
        let parsed = try JSONParser.parseFirstValue(Array(body.utf8))
        guard case .object(let top) = parsed, top.first?.key == "types", case .array(let types)? = top.first?.value else {
            Issue.record("not {\"types\":[…]}: \(body.prefix(80))")
            return
        }
        #expect(types.count == ToxicKind.typeNames.count)
        #expect(body.hasPrefix(#"{"types":[{"type":"latency","proxy_kinds":["tcp"],"uses_stream":true,"help":"#))
        #expect(body.contains(#"{"name":"latency","type":"integer","default":0,"unit":"ms","help":"#))
        #expect(body.contains(#"{"name":"mode","type":"string","default":"stall","enum":["stall","drop"],"unit":"","help":"#))
        #expect(body.contains(#"{"name":"probability","type":"number","default":0.01,"min":0,"max":1,"unit":"fraction""#))
    }

    @Test func browsersAreRefusedAsOnEveryRoute() {
        #expect(harness.send("GET", "/toxic-types", userAgent: "Mozilla/5.0").hasPrefix("HTTP/1.1 403 Forbidden"))
        #expect(harness.send("POST", "/toxic-types").hasPrefix("HTTP/1.1 405 Method Not Allowed"))
    }
}
