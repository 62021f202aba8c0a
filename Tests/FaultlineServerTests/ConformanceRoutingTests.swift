/// Reference §10 cases 1–4, 12 and 13 against a real server over real HTTP: version, browser block, 404s, 405s.
import Testing

extension AdminOverSockets {
    @Suite struct ConformanceRoutingTests {
        let server: AdminServer
        init() throws { server = try AdminServer() }

        @Test func versionIsToxiproxys() throws {  // case 1
            let response = try server.client().send("GET", "/version")
            #expect(response.header("Content-Type") == "application/json;charset=utf-8")
            #expect(response.body == Array("{\"version\": \"2.12.0\"}\n".utf8))
            #expect(
                response.normalized(server.ports)
                    == ExpectedWire.response(
                        "200 OK",
                        contentType: "application/json;charset=utf-8",
                        body: "{\"version\": \"2.12.0\"}\n"
                    )
            )
        }

        @Test func browsersAreBlockedOnKnownRoutesOnly() throws {  // cases 2 and 3
            let client = try server.client()
            let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
            let blocked = try client.send("GET", "/proxies", userAgent: firefox)
            #expect(blocked.normalized(server.ports) == ExpectedWire.browserBlocked)
            #expect(blocked.header("X-Content-Type-Options") == "nosniff")
            #expect(try client.send("GET", "/version", userAgent: "Mozilla/4.0").status == 403)
            #expect(
                try client.send("GET", "/proxies", userAgent: nil).normalized(server.ports) == ExpectedWire.ok("{}")
            )
            let unknown = try client.send("GET", "/nothing", userAgent: firefox)
            #expect(unknown.normalized(server.ports) == ExpectedWire.notFoundPage)
            #expect(unknown.headerCount("X-Toxiproxy-Request-Id") == 0)
        }

        @Test func emptyIndexIsAnEmptyObject() throws {  // case 4
            #expect(try server.exchange("GET", "/proxies") == ExpectedWire.ok("{}"))
        }

        @Test(arguments: [("GET", "/proxies/nope"), ("DELETE", "/proxies/nope"), ("GET", "/proxies/nope/toxics")])
        func unknownProxiesAre404(method: String, path: String) throws {  // case 12
            #expect(try server.exchange(method, path) == ExpectedWire.error("404 Not Found", "proxy not found"))
        }

        @Test(arguments: [("PUT", "/proxies/p1"), ("OPTIONS", "/proxies"), ("HEAD", "/version"), ("GET", "/reset")])
        func wrongMethodsAre405WithAnEmptyBody(method: String, path: String) throws {  // case 13
            let response = try server.client().send(method, path)
            #expect(response.normalized(server.ports) == ExpectedWire.methodNotAllowed)
            #expect(response.header("Content-Type") == nil)
            #expect(response.headerCount("X-Toxiproxy-Request-Id") == 0)
            #expect(response.body.isEmpty)
        }

        @Test func trailingSlashIsNotFound() throws {  // case 13
            #expect(try server.exchange("GET", "/proxies/") == ExpectedWire.notFoundPage)
        }

        @Test func oneKeepAliveConnectionServesManyRequests() throws {
            let client = try server.client()
            var ids = Set<String>()
            for _ in 0..<20 {
                let response = try client.send("GET", "/version")
                #expect(response.status == 200)
                ids.insert(response.header("X-Toxiproxy-Request-Id") ?? "")
            }
            #expect(ids.count == 20)  // a fresh id per request
            #expect(ids.allSatisfy(RawResponse.isRequestID))
        }
    }
}
