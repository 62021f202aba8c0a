/// Reference §10 cases 5–11, 32 and 33 over real HTTP: creating, refusing, binding and toggling proxies.
import Glibc
import Testing

extension AdminOverSockets {
    @Suite struct ConformanceProxyTests {
        let server: AdminServer
        init() throws { server = try AdminServer() }

        @Test func createShowsTheBoundPortInToxiprosKeyOrder() throws {  // cases 5 and 6
            let client = try server.client()
            let body = #"{"name":"p1","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#
            let created = try client.send("POST", "/proxies", body)
            let port = try #require(server.ports.learnListen(in: created, as: "p1"))
            #expect(port != 0)
            #expect(
                created.normalized(server.ports)
                    == ExpectedWire.json("201 Created", ExpectedWire.proxy("p1", "127.0.0.1:{p1}", "127.0.0.1:9"))
            )
            #expect(
                try client.send("POST", "/proxies", body).normalized(server.ports)
                    == ExpectedWire.error("409 Conflict", "proxy already exists")
            )
            #expect(try BlockingSocket.connect(port: port).fd >= 0)  // it really listens
        }

        @Test(arguments: [
            (#"{"upstream":"x:1"}"#, "missing required field: name"),
            (#"{"name":"a"}"#, "missing required field: upstream"),
            ("", "bad request body: EOF"),
        ])
        func missingFieldsAre400(body: String, message: String) throws {  // case 7
            #expect(try server.exchange("POST", "/proxies", body) == ExpectedWire.error("400 Bad Request", message))
            #expect(try server.exchange("GET", "/proxies") == ExpectedWire.ok("{}"))
        }

        @Test func aPortInUseIs500AndCreatesNothing() throws {  // case 8
            let taken = try LoopbackPort.Holder()
            server.ports.learn(taken.port, as: "taken")
            let body = "{\"name\":\"a\",\"listen\":\"127.0.0.1:\(taken.port)\",\"upstream\":\"u:1\"}"
            #expect(
                try server.exchange("POST", "/proxies", body)
                    == ExpectedWire.error(
                        "500 Internal Server Error",
                        "listen tcp 127.0.0.1:{taken}: bind: address already in use"
                    )
            )
            #expect(try server.exchange("GET", "/proxies/a") == ExpectedWire.error("404 Not Found", "proxy not found"))
        }

        @Test func aDisabledProxyKeepsItsTextAndBindsNothing() throws {  // case 9
            let port = server.ports.learn(try LoopbackPort.free(), as: "P")
            let body = "{\"name\":\"d\",\"listen\":\"localhost:\(port)\",\"upstream\":\"x:1\",\"enabled\":false}"
            #expect(
                try server.exchange("POST", "/proxies", body)
                    == ExpectedWire.json("201 Created", ExpectedWire.proxy("d", "localhost:{P}", "x:1", enabled: false))
            )
            #expect(throws: BlockingSocket.Failure.errno(ECONNREFUSED)) { try BlockingSocket.connect(port: port) }
        }

        @Test func keysAreCaseInsensitiveAndTrailingJunkIsIgnored() throws {  // case 10
            let response = try server.client().send(
                "POST",
                "/proxies",
                #"{"NAME":"c","Upstream":"x:1","LISTEN":"127.0.0.1:0"} trailing-junk"#
            )
            server.ports.learnListen(in: response, as: "c")
            #expect(
                response.normalized(server.ports)
                    == ExpectedWire.json("201 Created", ExpectedWire.proxy("c", "127.0.0.1:{c}", "x:1"))
            )
        }

        @Test func wildcardListensShowAsTheDualStackAddress() throws {  // case 11
            let client = try server.client()
            let first = server.ports.learn(try LoopbackPort.free(), as: "P1")
            #expect(
                try client.send(
                    "POST",
                    "/proxies",
                    "{\"name\":\"w1\",\"listen\":\"0.0.0.0:\(first)\",\"upstream\":\"x:1\"}"
                )
                .normalized(server.ports)
                    == ExpectedWire.json("201 Created", ExpectedWire.proxy("w1", "[::]:{P1}", "x:1"))
            )
            let second = server.ports.learn(try LoopbackPort.free(), as: "P2")
            #expect(
                try client.send("POST", "/proxies", "{\"name\":\"w2\",\"listen\":\":\(second)\",\"upstream\":\"x:1\"}")
                    .normalized(server.ports)
                    == ExpectedWire.json("201 Created", ExpectedWire.proxy("w2", "[::]:{P2}", "x:1"))
            )
            let omitted = try client.send("POST", "/proxies", #"{"name":"w3","upstream":"x:1"}"#)
            let random = try #require(server.ports.learnListen(in: omitted, as: "R"))
            #expect(random != 0)
            #expect(
                omitted.normalized(server.ports)
                    == ExpectedWire.json("201 Created", ExpectedWire.proxy("w3", "[::]:{R}", "x:1"))
            )
            #expect(try BlockingSocket.connect(port: random).fd >= 0)  // the wildcard takes IPv4 loopback too
            let local = try client.send("POST", "/proxies", #"{"name":"w4","listen":"localhost:0","upstream":"x:1"}"#)
            server.ports.learnListen(in: local, as: "L")
            #expect(  // reference §1.3: localhost binds (and shows) the IPv4 loopback, as Go prefers
                local.normalized(server.ports)
                    == ExpectedWire.json("201 Created", ExpectedWire.proxy("w4", "127.0.0.1:{L}", "x:1"))
            )
        }

        @Test func disablingDropsConnectionsAndReEnablingKeepsThePort() throws {  // case 32
            let echo = try TestUpstream.echo()
            let client = try server.client()
            let port = try server.createProxy("p1", upstream: "127.0.0.1:\(echo.port)", on: client)
            server.ports.learn(echo.port, as: "echo")
            let open = try BlockingSocket.connect(port: port)
            #expect(try open.roundTrip() < 5)

            let disabled = try client.send("PATCH", "/proxies/p1", #"{"enabled":false}"#)
            #expect(
                disabled.normalized(server.ports)
                    == ExpectedWire.ok(ExpectedWire.proxy("p1", "127.0.0.1:{p1}", "127.0.0.1:{echo}", enabled: false))
            )
            let start = TestClock.now()
            #expect(try open.receiveAll(timeout: 5) == [])  // EOF, not a reset
            #expect(TestClock.now() - start < 1)
            #expect(throws: BlockingSocket.Failure.errno(ECONNREFUSED)) { try BlockingSocket.connect(port: port) }

            #expect(
                try client.send("PATCH", "/proxies/p1", #"{"enabled":true}"#).normalized(server.ports)
                    == ExpectedWire.ok(ExpectedWire.proxy("p1", "127.0.0.1:{p1}", "127.0.0.1:{echo}"))
            )
            #expect(try BlockingSocket.connect(port: port).roundTrip() < 5)
        }

        @Test func aFailedRebindLeavesTheNewListenDisabled() throws {  // case 33
            let client = try server.client()
            try server.createProxy("p1", upstream: "u:1", on: client)
            let taken = try LoopbackPort.Holder()
            server.ports.learn(taken.port, as: "taken")
            #expect(
                try client.send("PATCH", "/proxies/p1", "{\"listen\":\"127.0.0.1:\(taken.port)\"}").normalized(
                    server.ports
                )
                    == ExpectedWire.error(
                        "500 Internal Server Error",
                        "listen tcp 127.0.0.1:{taken}: bind: address already in use"
                    )
            )
            #expect(
                try client.send("GET", "/proxies/p1").normalized(server.ports)
                    == ExpectedWire.ok(ExpectedWire.proxy("p1", "127.0.0.1:{taken}", "u:1", enabled: false))
            )
            #expect(
                try client.send("PATCH", "/proxies/p1", #"{"listen":"nope"}"#).normalized(server.ports)
                    == ExpectedWire.error("500 Internal Server Error", "address nope: missing port in address")
            )
        }
    }
}
