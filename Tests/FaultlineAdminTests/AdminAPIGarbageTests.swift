/// Garbage bodies on every route: the API always answers with a status from Toxiproxy's catalogue.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import Testing

@Suite struct AdminAPIGarbageTests {
    private static let bodies = [
        "", "null", "[]", "{}", "5", "\"x\"", "{\"type\":",
        "{\"name\":\"p1\",\"upstream\":\"u\",\"listen\":\"127.0.0.1:0\"}",
        "[{\"name\":\"q\",\"upstream\":\"u\",\"toxics\":[{\"type\":\"latency\"},{\"type\":\"latency\"}]}]",
        "{\"attributes\":{\"latency\":1e400},\"toxicity\":-0}", "{\"enabled\":null,\"listen\":\"nope\"}",
        String(repeating: "[", count: 10_000), "\u{FEFF}{}", "{\"type\":\"noop\",\"seed\":1.0}",
    ]
    private static let targets = [
        "/proxies", "/populate", "/reset", "/proxies/p1", "/proxies/p1/toxics", "/proxies/p1/toxics/t",
        "/proxies/nope/toxics/t",
    ]

    @Test func everyRouteAnswersFromTheCatalogue() {
        let harness = AdminHarness()
        harness.send("POST", "/proxies", #"{"name":"p1","listen":"127.0.0.1:0","upstream":"u:1"}"#)
        harness.send("POST", "/proxies/p1/toxics", #"{"type":"latency","name":"t"}"#)
        let allowed = ["200", "201", "204", "400", "404", "409", "500"]
        for target in Self.targets {
            for method in ["POST", "PATCH"] {
                for body in Self.bodies {
                    let response = harness.send(method, target, body)
                    let code = String(response.dropFirst(9).prefix(3))
                    #expect(
                        allowed.contains(code) || (code == "405" && method == "PATCH"),
                        "\(method) \(target) \(body)"
                    )
                }
            }
        }
    }
}
