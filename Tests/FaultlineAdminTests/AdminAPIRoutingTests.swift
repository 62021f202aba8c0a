/// Routing-level behaviour of the admin API: version, 404/405 pages, browser block, redirects, rejections.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import Testing

@Suite struct AdminAPIRoutingTests {
    let harness = AdminHarness()

    @Test func version() {  // reference case 1
        let body = "{\"version\": \"2.12.0\"}\n"
        #expect(
            harness.send("GET", "/version") == "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\n"
                + "Server: \(server)\r\nX-Toxiproxy-Request-Id: \(requestID)\r\nDate: \(date)\r\nContent-Length: 22\r\n\r\n\(body)"
        )
    }

    @Test func browsersAreBlockedOnKnownRoutes() {  // cases 2 and 3
        let blocked =
            "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nServer: \(server)\r\n"
            + "X-Content-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: \(requestID)\r\nDate: \(date)\r\n"
            + "Content-Length: 23\r\n\r\nUser agent not allowed\n"
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
        #expect(harness.send("GET", "/proxies", userAgent: firefox) == blocked)
        #expect(harness.send("GET", "/version", userAgent: "Mozilla/") == blocked)
        #expect(harness.send("POST", "/reset", userAgent: "Mozilla/5.0") == blocked)
        #expect(harness.send("GET", "/nothing", userAgent: firefox) == Wire.notFoundPage)
        #expect(harness.send("PUT", "/proxies", userAgent: firefox) == Wire.methodNotAllowed)
    }

    @Test(arguments: [nil, "", "curl/8.5.0", "mozilla/5.0", "python-requests/2.31", "Java/17", "toxiproxy-cli/2.12.0"])
    func otherAgentsPass(agent: String?) {  // case 3
        #expect(harness.send("GET", "/proxies", userAgent: agent) == Wire.ok("{}"))
    }

    @Test func browserBlockComesBeforeTheHandler() {
        harness.send("POST", "/proxies", #"{"name":"p","listen":"127.0.0.1:0","upstream":"u:1"}"#)
        _ = harness.send("DELETE", "/proxies/p", userAgent: "Mozilla/5.0")
        #expect(harness.control.entry("p") != nil)
    }

    @Test(arguments: [
        ("PUT", "/proxies/p1"), ("OPTIONS", "/proxies"), ("HEAD", "/version"), ("GET", "/reset"),
        ("DELETE", "/populate"), ("get", "/version"), ("PATCH", "/proxies/p1/toxics"),
    ])
    func wrongMethodsAre405(method: String, path: String) {  // case 13
        let response = harness.send(method, path)
        #expect(response == (method == "HEAD" ? Wire.methodNotAllowed.replacingBody() : Wire.methodNotAllowed))
    }

    @Test(arguments: ["/proxies/", "/nothing", "/", "/proxies/a%2Fb", "/proxies/p/toxics/", "/metrics"])
    func unknownPathsGetTheGoNotFoundPage(path: String) {  // cases 13 and 45
        #expect(harness.send("GET", path) == Wire.notFoundPage)
    }

    @Test func uncleanPathsRedirectLikeMux() {
        #expect(
            harness.send("GET", "/proxies//p1?x=1") == "HTTP/1.1 301 Moved Permanently\r\nLocation: /proxies/p1?x=1\r\n"
                + "Server: \(server)\r\nDate: \(date)\r\nContent-Length: 0\r\n\r\n"
        )
    }

    @Test func namesArePercentDecoded() {
        harness.send("POST", "/proxies", #"{"name":"a b/é","listen":"127.0.0.1:0","upstream":"u:1"}"#)
        harness.send("POST", "/proxies", #"{"name":"a b","listen":"127.0.0.1:0","upstream":"u:1"}"#)
        #expect(harness.send("GET", "/proxies/a%20b") == Wire.ok(Wire.proxy("a b", "127.0.0.1:40002", "u:1")))
        // A name containing "/" can be created but never addressed again (`%2F` decodes before routing).
        #expect(harness.send("GET", "/proxies/a%20b%2F%C3%A9") == Wire.notFoundPage)
        #expect(harness.body("GET", "/proxies").contains(#""a b/é":{"name":"a b/é""#))
    }

    @Test(
        arguments: [
            (
                HTTPStatus.badRequest,
                "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nServer: \(server)\r\nContent-Length: 15\r\nConnection: close\r\n\r\n400 Bad Request"
            ),
            (
                .requestHeaderFieldsTooLarge,
                "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nServer: \(server)\r\nContent-Length: 35\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large"
            ),
            (
                .payloadTooLarge,
                "HTTP/1.1 413 Request Entity Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nServer: \(server)\r\nContent-Length: 28\r\nConnection: close\r\n\r\n413 Request Entity Too Large"
            ),
            (
                .notImplemented,
                "HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain; charset=utf-8\r\nServer: \(server)\r\nContent-Length: 29\r\nConnection: close\r\n\r\nUnsupported transfer encoding"
            ),
            (
                .expectationFailed,
                "HTTP/1.1 417 Expectation Failed\r\nContent-Type: text/plain; charset=utf-8\r\nServer: \(server)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
        ] as [(HTTPStatus, String)]
    )
    func parserRejections(status: HTTPStatus, wire: String) {
        let rejection = harness.api.rejection(status)
        #expect(rejection.closesConnection)
        #expect(String(decoding: HTTPWriter.serialize(rejection, replyingTo: nil), as: UTF8.self) == wire)
    }

    @Test func malformedRequestsAreRejectedEndToEnd() {
        #expect(harness.send("GET", "/a%zz").hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
    }

    @Test func requestIDComesFromTheContext() {
        let response = harness.api.respond(
            to: HTTPRequest(method: .get, path: "/proxies", headers: [("Host", "x")]),
            context: AdminAPI.Context(requestID: "abc", date: "D")
        )
        #expect(response.headers.fields.map(\.name) == ["Content-Type", "Server", "X-Toxiproxy-Request-Id", "Date"])
        #expect(response.headers["X-Toxiproxy-Request-Id"] == "abc")
        #expect(response.headers["Date"] == "D")
    }
}

extension String {
    /// The same response without its body (what a HEAD request receives).
    fileprivate func replacingBody() -> String {
        var bytes = Array(utf8)
        let separator = Array("\r\n\r\n".utf8)
        for start in 0..<max(0, bytes.count - 3) where Array(bytes[start..<(start + 4)]) == separator {
            bytes.removeSubrange((start + 4)...)
            break
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
