/// Reference §10 cases 27–31 and 34 over real HTTP: /populate's all-or-first-error rules and /reset.
import Testing

extension AdminOverSockets {
    @Suite struct ConformancePopulateTests {
        let server: AdminServer
        let client: AdminClient

        init() throws {
            server = try AdminServer()
            client = try server.client()
        }

        func send(_ method: String, _ path: String, _ body: String? = nil) throws -> String {
            try client.send(method, path, body).normalized(server.ports)
        }

        @Test func emptyListsAndEmptyBodies() throws {  // case 27
            #expect(try send("POST", "/populate", "[]") == ExpectedWire.json("201 Created", #"{"proxies":null}"#))
            #expect(
                try send("POST", "/populate", "")
                    == ExpectedWire.json(
                        "400 Bad Request",
                        #"{"error":"bad request body: EOF","status":400,"proxies":null}"#
                    )
            )
        }

        @Test func everyEntryIsValidatedBeforeAnythingChanges() throws {  // case 28
            let port = server.ports.learn(try LoopbackPort.free(), as: "P")
            let body =
                "[{\"name\":\"a\",\"listen\":\"127.0.0.1:\(port)\",\"upstream\":\"u:1\"},"
                + "{\"name\":\"\",\"upstream\":\"x\"}]"
            #expect(
                try send("POST", "/populate", body)
                    == ExpectedWire.json(
                        "400 Bad Request",
                        #"{"error":"missing required field: name at proxy 2","status":400,"proxies":null}"#
                    )
            )
            #expect(try send("GET", "/proxies") == ExpectedWire.ok("{}"))
        }

        @Test func theFirstBindErrorStopsAndReportsWhatWasDone() throws {  // case 29
            let free = server.ports.learn(try LoopbackPort.free(), as: "A")
            let taken = try LoopbackPort.Holder()
            server.ports.learn(taken.port, as: "C")
            let body =
                "[{\"name\":\"a\",\"listen\":\"127.0.0.1:\(free)\",\"upstream\":\"u:1\"},"
                + "{\"name\":\"c\",\"listen\":\"127.0.0.1:\(taken.port)\",\"upstream\":\"u:1\"},"
                + "{\"name\":\"d\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"u:1\"}]"
            #expect(
                try send("POST", "/populate", body)
                    == ExpectedWire.json(
                        "500 Internal Server Error",
                        #"{"error":"listen tcp 127.0.0.1:{C}: bind: address already in use","status":500,"proxies":["#
                            + ExpectedWire.proxy("a", "127.0.0.1:{A}", "u:1") + "]}"
                    )
            )
            #expect(
                try send("GET", "/proxies")
                    == ExpectedWire.ok("{\"a\":" + ExpectedWire.proxy("a", "127.0.0.1:{A}", "u:1") + "}")
            )
        }

        @Test func anIdenticalProxyIsLeftAloneWithItsToxicsAndConnections() throws {  // case 30
            let echo = try TestUpstream.echo()
            server.ports.learn(echo.port, as: "echo")
            let port = try server.createProxy("a", upstream: "127.0.0.1:\(echo.port)", on: client)
            _ = try send("POST", "/proxies/a/toxics", #"{"type":"noop"}"#)
            let open = try BlockingSocket.connect(port: port)
            #expect(try open.roundTrip() < 5)

            let body =
                "[{\"name\":\"a\",\"listen\":\"localhost:\(port)\",\"upstream\":\"127.0.0.1:\(echo.port)\","
                + "\"enabled\":false}]"
            let kept = ExpectedWire.proxy(
                "a",
                "127.0.0.1:{a}",
                "127.0.0.1:{echo}",
                toxics: ExpectedWire.toxic("noop_downstream", "noop", "")
            )
            #expect(try send("POST", "/populate", body) == ExpectedWire.json("201 Created", "{\"proxies\":[\(kept)]}"))
            #expect(try send("GET", "/proxies/a") == ExpectedWire.ok(kept))
            #expect(try open.roundTrip() < 5)  // the live connection survived
            #expect(server.activeConnections("a") == 1)
        }

        @Test func aDifferentUpstreamRecreatesTheProxy() throws {  // case 31
            let echo = try TestUpstream.echo()
            let other = try TestUpstream.echo()
            server.ports.learn(echo.port, as: "echo")
            server.ports.learn(other.port, as: "other")
            let port = try server.createProxy("a", upstream: "127.0.0.1:\(echo.port)", on: client)
            _ = try send("POST", "/proxies/a/toxics", #"{"type":"noop"}"#)
            let open = try BlockingSocket.connect(port: port)
            #expect(try open.roundTrip() < 5)

            let body = "[{\"name\":\"a\",\"listen\":\"127.0.0.1:\(port)\",\"upstream\":\"127.0.0.1:\(other.port)\"}]"
            let replaced = ExpectedWire.proxy("a", "127.0.0.1:{a}", "127.0.0.1:{other}")
            #expect(
                try send("POST", "/populate", body) == ExpectedWire.json("201 Created", "{\"proxies\":[\(replaced)]}")
            )
            #expect(try open.receiveAll(timeout: 5) == [])  // the old connection was closed
            #expect(try send("GET", "/proxies/a/toxics") == ExpectedWire.ok("[]"))
            #expect(try BlockingSocket.connect(port: port).roundTrip() < 5)
            #expect(TestClock.eventually { other.connectionCount == 1 })
        }

        @Test func resetEnablesEveryProxyAndDropsEveryToxic() throws {  // case 34
            try server.createProxy("a", upstream: "u:1", on: client)
            try server.createProxy("b", upstream: "u:1", on: client)
            _ = try send("PATCH", "/proxies/a", #"{"enabled":false}"#)
            _ = try send("POST", "/proxies/b/toxics", #"{"type":"latency"}"#)
            let reset = try client.send("POST", "/reset", "ignored body")
            #expect(reset.normalized(server.ports) == ExpectedWire.noContent)
            #expect(reset.body.isEmpty && reset.header("Content-Type") == nil)
            #expect(
                try send("GET", "/proxies")
                    == ExpectedWire.ok(
                        "{\"a\":" + ExpectedWire.proxy("a", "127.0.0.1:{a}", "u:1") + ",\"b\":"
                            + ExpectedWire.proxy("b", "127.0.0.1:{b}", "u:1") + "}"
                    )
            )
        }
    }
}
