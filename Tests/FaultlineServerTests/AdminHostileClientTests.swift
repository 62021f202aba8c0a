/// The admin API under hostile clients on real sockets: garbage, crowds, slow-loris, leaks, odd names, deep JSON.
import FaultlineTestSupport
import FaultlineServer
import Glibc
import Synchronization
import Testing

/// What a raw framing error gets: Go's status text, our `Server` header, then the connection closes.
private func rejection(_ status: String, _ body: String? = nil) -> [UInt8] {
    let text = body ?? status
    return Array(
        ("HTTP/1.1 \(status)\r\nContent-Type: text/plain; charset=utf-8\r\nServer: \(ExpectedWire.server)\r\n"
            + "Content-Length: \(text.utf8.count)\r\nConnection: close\r\n\r\n\(text)").utf8
    )
}

/// One hostile exchange: the pieces a client writes (paced apart so they arrive as separate reads), whether it
/// then half-closes, and the exact bytes it must get before the server closes (empty: closed without a word).
struct HostileCase: CustomTestStringConvertible, Sendable {
    var name: String
    var pieces: [[UInt8]]
    var halfClose = false
    var expected: [UInt8]
    var testDescription: String { name }

    static func split(_ text: String, at cuts: [Int]) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        var pieces: [[UInt8]] = []
        var start = 0
        for cut in cuts + [bytes.count] where cut > start && cut <= bytes.count {
            pieces.append(Array(bytes[start..<cut]))
            start = cut
        }
        return pieces
    }

    static let all: [HostileCase] = [
        HostileCase(
            name: "truncated head, then EOF",
            pieces: split("GET /proxies HTTP/1.1\r\nHost: x\r\nUser-Ag", at: [3, 17]),
            halfClose: true,
            expected: []
        ),
        HostileCase(
            name: "truncated body, then EOF",
            pieces: split("POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: 60\r\n\r\n{\"name\":\"t\",", at: [40]),
            halfClose: true,
            expected: []
        ),
        HostileCase(
            name: "binary garbage line",
            pieces: [[0, 1, 2, 0xFF], Array("garbage\r\n\r\n".utf8)],
            expected: rejection("400 Bad Request")
        ),
        HostileCase(
            name: "space inside the target",
            pieces: split("GET /proxies/a b HTTP/1.1\r\nHost: x\r\n\r\n", at: [9]),
            expected: rejection("400 Bad Request")
        ),
        HostileCase(
            name: "bad chunk size",
            pieces: split(
                "POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                at: [30, 66]
            ),
            expected: rejection("400 Bad Request")
        ),
        HostileCase(
            name: "unsupported transfer coding",
            pieces: split("POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", at: [20]),
            expected: rejection("501 Not Implemented", "Unsupported transfer encoding")
        ),
        HostileCase(
            name: "negative length",
            pieces: split("POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", at: [5]),
            expected: rejection("400 Bad Request")
        ),
        HostileCase(
            name: "body over the limit",
            pieces: split("POST /proxies/p/toxics HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n{", at: [50]),
            expected: rejection("413 Request Entity Too Large")
        ),
        HostileCase(
            name: "config body over the large limit",
            pieces: split("POST /populate HTTP/1.1\r\nHost: x\r\nContent-Length: 70000000\r\n\r\n[", at: [50]),
            expected: rejection("413 Request Entity Too Large")
        ),
        HostileCase(
            name: "head over the limit",
            pieces: split(
                "GET /proxies HTTP/1.1\r\nHost: x\r\nX-Junk: " + String(repeating: "a", count: 20_000),
                at: [9000]
            ),
            expected: rejection("431 Request Header Fields Too Large")
        ),
        HostileCase(
            name: "HTTP/1.1 without Host",
            pieces: split("GET /proxies HTTP/1.1\r\n\r\n", at: [12]),
            expected: rejection("400 Bad Request")
        ),
    ]
}

extension AdminOverSockets {
    @Suite struct AdminHostileClientTests {
        let server: AdminServer
        init() throws { server = try AdminServer() }

        /// Writes `pieces` paced 5 ms apart so the server sees each as its own read.
        private func dribble(_ pieces: [[UInt8]], to socket: BlockingSocket, gap: Double = 0.005) throws {
            var next = TestClock.now()
            for piece in pieces {
                TestClock.pace(until: next)
                try socket.send(piece)
                next += gap
            }
        }

        private func serverStillServes() throws {
            let start = TestClock.now()
            #expect(try server.client().send("GET", "/version").status == 200)
            #expect(TestClock.now() - start < 1)
        }

        @Test(arguments: HostileCase.all)
        func brokenRequestsGetTheirStatusAndOthersAreServed(hostile: HostileCase) throws {
            let socket = try BlockingSocket.connect(port: server.port)
            try dribble(hostile.pieces, to: socket)
            if hostile.halfClose { socket.shutdownWrite() }
            #expect(try socket.receiveAll(timeout: 5) == hostile.expected)  // then EOF: the server closed
            #expect(try server.exchange("GET", "/proxies") == ExpectedWire.ok("{}"))  // nothing half-created
            try serverStillServes()
        }

        @Test func aRequestSplitAtEveryFewBytesIsAnsweredWhole() throws {
            let body = #"{"name":"split","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#
            let request = String(decoding: AdminClient.request("POST", "/proxies", body), as: UTF8.self)
            let client = try server.client()
            try dribble(
                HostileCase.split(request, at: Array(stride(from: 7, to: request.utf8.count, by: 7))),
                to: client.socket
            )
            let response = try client.readResponse()
            server.ports.learnListen(in: response, as: "split")
            #expect(
                response.normalized(server.ports)
                    == ExpectedWire.json("201 Created", ExpectedWire.proxy("split", "127.0.0.1:{split}", "127.0.0.1:9"))
            )
            // Pipelined: two requests in one write, two answers in order on the same connection.
            try client.socket.send(AdminClient.request("GET", "/proxies/nope") + AdminClient.request("GET", "/version"))
            #expect(try client.readResponse().status == 404)
            #expect(try client.readResponse().status == 200)
        }

        @Test func twoThousandPipelinedRequestsAreAllAnsweredInOrder() throws {
            let client = try server.client()
            var batch: [UInt8] = []
            for index in 0..<2000 {
                batch += AdminClient.request("GET", index % 2 == 0 ? "/version" : "/proxies/p\(index)")
            }
            try client.socket.send(batch)
            for index in 0..<2000 { #expect(try client.readResponse().status == (index % 2 == 0 ? 200 : 404)) }
            #expect(!client.socket.isReadableNow)  // nothing more, and still open
        }

        @Test func aPipeliningFloodDoesNotStallOtherClients() throws {
            let flood = try BlockingSocket.connect(port: server.port)
            // 5,000 answers take a debug build ~0.4 s: one turn for them all would stall the client below.
            let batch = Array((0..<5_000).map { _ in AdminClient.request("GET", "/version") }.joined())
            Thread.detach { try? flood.send(batch) }  // never reads: the server stops at its output limit
            #expect(flood.waitReadable(timeout: 5))  // answers have started
            let client = try server.client()
            for _ in 0..<5 {
                let start = TestClock.now()
                #expect(try client.send("GET", "/version").status == 200)
                #expect(TestClock.now() - start < 0.25, "waited \(TestClock.now() - start) s behind the flood")
            }
            shutdown(flood.fd, CInt(SHUT_RDWR))  // wakes the sender if it is still blocked
        }

        @Test func fiveHundredSilentConnectionsDoNotDelayAWellBehavedClient() throws {
            let silent = try (0..<500).map { _ in try BlockingSocket.connect(port: server.port) }
            let client = try server.client()
            for _ in 0..<5 {
                let start = TestClock.now()
                #expect(try client.send("GET", "/proxies").status == 200)
                #expect(TestClock.now() - start < 0.5)
            }
            try serverStillServes()
            #expect(silent.allSatisfy { !$0.isReadableNow })  // still open, not answered, not closed
        }

        @Test(arguments: [
            ("a b", "a%20b"), ("é☃", "%C3%A9%E2%98%83"), ("é☃", "é☃"), ("%2F", "%252F"), ("x+y", "x+y"),
        ])
        func oddNamesCanBeCreatedShownAndDeleted(name: String, path: String) throws {
            let client = try server.client()
            let port = try server.createProxy(name, upstream: "127.0.0.1:9", on: client)
            #expect(port != 0)
            let shown = ExpectedWire.proxy(name, "127.0.0.1:{\(name)}", "127.0.0.1:9")
            #expect(try client.send("GET", "/proxies/\(path)").normalized(server.ports) == ExpectedWire.ok(shown))
            #expect(
                try client.send("POST", "/proxies/\(path)/toxics", "{\"type\":\"noop\",\"name\":\"\(name)\"}").status
                    == 200
            )
            #expect(
                try client.send("DELETE", "/proxies/\(path)/toxics/\(path)").normalized(server.ports)
                    == ExpectedWire.noContent
            )
            #expect(try client.send("DELETE", "/proxies/\(path)").normalized(server.ports) == ExpectedWire.noContent)
            #expect(try client.send("GET", "/proxies").normalized(server.ports) == ExpectedWire.ok("{}"))
        }

        /// A departure from Toxiproxy, which accepts these names and can then never fetch or delete them again.
        @Test(arguments: ["a/b", "/", ".", ".."])
        func namesThatCouldNeverBeAddressedAgainAreRefused(name: String) throws {
            let client = try server.client()
            let reason = #"must not contain \"/\" or be \".\" or \"..\""#
            let created = try client.send("POST", "/proxies", #"{"name":"\#(name)","listen":"127.0.0.1:0","upstream":"x:1"}"#)
            #expect(created.status == 400)
            #expect(created.bodyText == #"{"error":"invalid value for name: \#(reason)","status":400}"# + "\n")
            let populated = try client.send("POST", "/populate", #"[{"name":"\#(name)","listen":"127.0.0.1:0","upstream":"x:1"}]"#)
            #expect(populated.status == 400 && populated.bodyText.contains("invalid value for name at proxy 1: \(reason)"))
            try server.createProxy("ok", upstream: "127.0.0.1:9", on: client)
            let toxic = try client.send("POST", "/proxies/ok/toxics", #"{"type":"noop","name":"\#(name)"}"#)
            #expect(toxic.status == 400 && toxic.bodyText.contains("invalid value for name: \(reason)"))
            #expect(try client.send("GET", "/proxies").bodyText.contains(#""toxics":[]"#))
        }

        @Test(arguments: [
            String(repeating: "[", count: 10_000),
            String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
            String(repeating: "{\"a\":", count: 10_000), String(repeating: "{\"name\":[", count: 10_000),
        ])
        func deepNestingIsABadRequestNotACrash(body: String) throws {
            let client = try server.client()
            for target in ["/proxies", "/populate"] {
                let response = try client.send("POST", target, body)
                #expect(response.status == 400)
                #expect(response.bodyText.hasPrefix(#"{"error":"bad request body: "#))
            }
            try serverStillServes()
        }

        @Test func invalidUTF8IsRefusedOutsideStringsAndReplacedInsideThemAsGoDoes() throws {
            let client = try server.client()
            let raw = AdminClient.request("POST", "/proxies", "xx").dropLast(2) + [0xFF, 0xFE]
            try client.socket.send(Array(raw))
            #expect(
                try client.readResponse().normalized(server.ports)
                    == ExpectedWire.error(
                        "400 Bad Request",
                        "bad request body: invalid character 'ÿ' looking for beginning of value"
                    )
            )
            // encoding/json turns invalid UTF-8 inside a string into U+FFFD and carries on.
            let body = Array(#"{"name":"ok"#.utf8) + [0xC3] + Array(#"","upstream":"x:1","listen":"127.0.0.1:0"}"#.utf8)
            let head = "POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n"
            try client.socket.send(Array(head.utf8) + body)
            let created = try client.readResponse()
            server.ports.learnListen(in: created, as: "ok")
            #expect(
                created.normalized(server.ports)
                    == ExpectedWire.json("201 Created", ExpectedWire.proxy("ok\u{FFFD}", "127.0.0.1:{ok}", "x:1"))
            )
            for body in [[0xFF], [0x22, 0xC0, 0x80, 0x22], [0x7B, 0xED, 0xA0, 0x80]] as [[UInt8]] {
                let head =
                    "POST /proxies/ok%EF%BF%BD/toxics HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n"
                try client.socket.send(Array(head.utf8) + body)
                #expect(try client.readResponse().status == 400)
            }
            try serverStillServes()
        }
    }
}

extension AdminOverSockets {
    /// Go's http.Server timeouts with test-sized values: read 0.5 s from a request's first byte (or from accept),
    /// idle 0.8 s between keep-alive requests, 0.7 s to take an answer.
    @Suite struct AdminTimeoutTests {
        let server: AdminServer
        init() throws {
            server = try AdminServer(
                timeouts: AdminTimeouts(read: .milliseconds(500), idle: .milliseconds(800), write: .milliseconds(700))
            )
        }

        @Test func aSlowLorisIsDroppedAtTheReadTimeoutWhileOthersAreServed() throws {
            let loris = try BlockingSocket.connect(port: server.port)
            let request = AdminClient.request("GET", "/version")
            let other = try server.client()
            let start = TestClock.now()
            var closedAt: Double?
            for (index, byte) in request.enumerated() {  // 50 ms a byte: the head would take seconds
                TestClock.pace(until: start + 0.05 * Double(index))
                if loris.isReadableNow {
                    closedAt = TestClock.now() - start
                    break
                }
                try? loris.send([byte])
                if index % 4 == 0 {
                    let served = TestClock.now()
                    #expect(try other.send("GET", "/version").status == 200)
                    #expect(TestClock.now() - served < 0.2)
                }
            }
            let elapsed = try #require(closedAt)
            #expect(elapsed >= 0.45 && elapsed < 1.0, "dropped after \(elapsed) s")
            #expect((try? loris.receiveAll(timeout: 1)) ?? [] == [])  // no answer, just the close (or a reset)
        }

        @Test func aConnectionThatNeverSendsIsDroppedAtTheReadTimeout() throws {
            let silent = try BlockingSocket.connect(port: server.port)
            let start = TestClock.now()
            #expect(try silent.receiveAll(timeout: 5) == [])
            let elapsed = TestClock.now() - start
            #expect(elapsed >= 0.45 && elapsed < 0.75, "dropped after \(elapsed) s")  // read (0.5 s), not idle (0.8 s)
        }

        @Test func aClientThatNeverReadsItsAnswersIsDropped() throws {
            let flood = try BlockingSocket.connect(port: server.port)
            flood.setReceiveBuffer(4096)  // no autotuning: the answers cannot all hide in this kernel buffer
            let admin = try server.client()
            for index in 0..<40 {  // ~4.2 KB per GET /proxies: ~2,000 answers fill every buffer on the way
                let body = "{\"name\":\"p\(index)\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"u:1\",\"enabled\":false}"
                #expect(try admin.send("POST", "/proxies", body).status == 201)
            }
            // More than the server will read before its output is full, so some stays unread in its kernel
            // buffer and dropping the connection resets it at once.
            let batch = Array((0..<20_000).map { _ in AdminClient.request("GET", "/proxies") }.joined())
            Thread.detach { try? flood.send(batch) }
            #expect(flood.waitReadable(timeout: 5))
            TestClock.pace(until: TestClock.now() + 2)  // the script: this client ignores its socket for 2 s
            let outcome = Result { try flood.receiveAll(timeout: 10, limit: 64 << 20) }
            switch outcome {
            case .success(let bytes):  // EOF before every answer came: the server gave up on it
                #expect(bytes.count < 20_000 * 4_000, "got \(bytes.count) bytes")
            case .failure(let error):
                #expect(error as? BlockingSocket.Failure == .errno(ECONNRESET))
            }
            shutdown(flood.fd, CInt(SHUT_RDWR))
            #expect(try server.client().send("GET", "/version").status == 200)
        }

        @Test func anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws {
            let client = try server.client()
            var last = TestClock.now()
            for step in 1...4 {  // requests 0.4 s apart keep it alive past both timeouts
                TestClock.pace(until: last + 0.4)
                #expect(try client.send("GET", "/version").status == 200, "request \(step)")
                last = TestClock.now()
            }
            #expect(client.closedByServer(timeout: 5))
            let idle = TestClock.now() - last
            #expect(idle >= 0.75 && idle < 1.5, "closed after \(idle) s idle")
        }
    }
}

extension AdminOverSockets {
    /// 2,000 proxies created, used and deleted through HTTP leave no descriptors or memory behind.
    ///
    /// Measured on the real executable in its own process: `swift test` runs suites in parallel, so this test
    /// process's own descriptor count and RSS move with whatever the other suites are doing.
    @Suite(.serialized) struct AdminLeakTests {
        @Test func twoThousandProxyLifecyclesLeakNothing() throws {
            let port = try LoopbackPort.free()
            let child = try Subprocess(faultline: ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--log-level", "error"])
            #expect(TestClock.eventually(timeout: 20) { (try? BlockingSocket.connect(port: port)) != nil })
            let echo = try TestUpstream.echo()
            let client = try AdminClient(port: port)

            func lifecycle(_ index: Int) throws {
                let name = "leak-\(index)"
                let body = "{\"name\":\"\(name)\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:\(echo.port)\"}"
                let created = try client.send("POST", "/proxies", body)
                #expect(created.status == 201)
                let toxic = #"{"type":"latency","attributes":{"latency":1}}"#
                #expect(try client.send("POST", "/proxies/\(name)/toxics", toxic).status == 200)
                if index % 10 == 0, let proxyPort = PortBook.listenPort(in: created.bodyText) {
                    let user = try BlockingSocket.connect(port: proxyPort)  // left open: DELETE must close it
                    #expect(try user.roundTrip() < 5)
                }
                #expect(try client.send("DELETE", "/proxies/\(name)").status == 204)
            }

            for index in 0..<300 { try lifecycle(index) }  // warm-up: allocator pools and lazy tables settle
            let baseline = (fds: child.openDescriptors, rss: child.residentBytes)
            for index in 300..<2300 { try lifecycle(index) }
            #expect(try client.send("GET", "/proxies").bodyText == "{}")
            let after = (fds: child.openDescriptors, rss: child.residentBytes)
            #expect(baseline.fds > 0 && baseline.rss > 0)
            #expect(abs(after.fds - baseline.fds) * 20 <= baseline.fds, "descriptors \(baseline.fds) → \(after.fds)")
            #expect(abs(after.rss - baseline.rss) * 20 <= baseline.rss, "RSS \(baseline.rss) → \(after.rss)")
            #expect(child.terminate() == 0)
        }
    }
}

/// Large bodies: a whole config may be big, and a body over the limit is refused where the client can read it.
@Suite(.serialized) struct AdminBodyLimitTests {
    @Test func aRefusedBodyIsAnsweredWhileTheClientIsStillSending() throws {
        let server = try AdminServer()
        let socket = try BlockingSocket.connect(port: server.port)
        let body = [UInt8](repeating: 0x7b, count: 8 << 20)
        // The client sends its whole 8 MiB body before reading, as curl and most clients do.
        try socket.send(AdminClient.request("POST", "/proxies/p/toxics", String(decoding: body, as: UTF8.self)))
        let answer = String(decoding: try socket.receiveAll(timeout: 10), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 413 Request Entity Too Large\r\n"), "\(answer.prefix(200))")
        #expect(try server.client().send("GET", "/version").status == 200)
    }

    @Test func aConfigOfFifteenThousandProxiesIsTakenInOneRequest() throws {
        let server = try AdminServer()
        let entries = (0..<15_000).map { #"{"name":"p\#($0)","listen":"127.0.0.1:0","upstream":"127.0.0.1:9","enabled":false}"# }
        let body = "[" + entries.joined(separator: ",") + "]"
        #expect(body.utf8.count > 1 << 20)
        let response = try server.client().send("POST", "/populate", body)
        #expect(response.status == 201)
        #expect(try server.client().send("GET", "/proxies/p14999").status == 200)
    }
}

extension AdminBodyLimitTests {
    /// Five 60 MiB bodies at once are more than the 256 MiB all sessions may buffer: some wait for room, none
    /// deadlocks, every one is answered.
    @Test func concurrentLargeBodiesAreAllAnsweredWithinTheBound() throws {
        let server = try AdminServer()
        let body = "x" + String(repeating: " ", count: 60 << 20)
        let answers = Mutex<[Int]>([])
        for _ in 0..<5 {
            let port = server.port
            Thread.detach {
                let status = (try? AdminClient(port: port).send("POST", "/populate", body, userAgent: "test").status) ?? -1
                answers.withLock { $0.append(status) }
            }
        }
        #expect(TestClock.eventually(timeout: 120) { answers.withLock { $0.count } == 5 })
        #expect(answers.withLock { $0 } == [400, 400, 400, 400, 400])
    }
}
