/// HTTP fault toxics through the admin API: stored normalised, refused with a 400 naming the field, nothing changed.
import Testing

extension AdminOverSockets {
    @Suite struct HTTPFaultAdminTests {
        let server: AdminServer
        let client: AdminClient

        init() throws {
            server = try AdminServer()
            client = try server.client()
            try server.createProxy("p1", upstream: "127.0.0.1:9", on: client)
        }

        func send(_ method: String, _ path: String, _ body: String? = nil) throws -> String {
            try client.send(method, path, body).normalized(server.ports)
        }

        static let abort = ExpectedWire.toxic(
            "a", "http_abort",
            #""status":500,"body":"","headers":{},"close":false,"methods":["GET"],"path":"","match_headers":{},"host":"""#)

        @Test func createStoresEveryAttributeInTheDocumentedOrder() throws {
            let body = #"{"name":"a","type":"http_abort","attributes":{"methods":["GET"],"status":500}}"#
            #expect(try send("POST", "/proxies/p1/toxics", body) == ExpectedWire.ok(Self.abort))
            #expect(try send("GET", "/proxies/p1/toxics/a") == ExpectedWire.ok(Self.abort))
        }

        @Test(arguments: [
            (#"{"type":"http_abort","attributes":{"status":700}}"#,
             "invalid value for attributes.status: must be between 100 and 599"),
            (#"{"type":"http_header","attributes":{"set":{"Content-Length":"1"}}}"#,
             "invalid value for attributes.set.Content-Length: cannot be set: it frames the message"),
            (#"{"type":"http_delay","attributes":{"delay":-1}}"#,
             "invalid value for attributes.delay: must be between 0 and 3600000 milliseconds"),
            (#"{"type":"http_status","attributes":{"path":"/[x]"}}"#,
             "invalid value for attributes.path: only * is a wildcard: [, ], {, } and backslashes are not allowed"),
            (#"{"type":"http_reset","attributes":{"when":"now"}}"#,
             "invalid value for attributes.when: unknown attribute for http_reset"),
        ])
        func badAttributesAre400AndNothingIsAdded(body: String, message: String) throws {
            #expect(try send("POST", "/proxies/p1/toxics", body) == ExpectedWire.error("400 Bad Request", message))
            #expect(try send("GET", "/proxies/p1/toxics") == ExpectedWire.ok("[]"))
        }

        @Test func aBadPatchChangesNothing() throws {
            _ = try send("POST", "/proxies/p1/toxics", #"{"name":"a","type":"http_abort","attributes":{"methods":["GET"],"status":500}}"#)
            #expect(try send("POST", "/proxies/p1/toxics/a", #"{"attributes":{"status":42}}"#)
                == ExpectedWire.error("400 Bad Request", "invalid value for attributes.status: must be between 100 and 599"))
            #expect(try send("GET", "/proxies/p1/toxics/a") == ExpectedWire.ok(Self.abort))
        }

        @Test func populateNamesTheEntry() throws {
            let body = #"[{"name":"p2","listen":"127.0.0.1:0","upstream":"127.0.0.1:9","toxics":[{"type":"http_status","attributes":{"status":1}}]}]"#
            let response = try send("POST", "/populate", body)
            #expect(response.contains("invalid value for attributes.status at proxy 1: must be between 100 and 599"))
        }
    }
}
