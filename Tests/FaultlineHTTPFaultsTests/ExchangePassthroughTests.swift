/// What the engine cannot or must not parse passes through byte for byte, counted by reason.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangePassthroughTests {
    static func faults() throws -> [HTTPFaultSpec] { [try fault("http_abort")] }

    @Test func tlsClientHelloPassesUntouched() throws {
        let h = ExchangeHarness(try Self.faults())
        let hello: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03] + Array(repeating: 7, count: 300)
        h.client(hello, pieces: [3, 50])
        h.upstream([0x16, 0x03, 0x03, 0x00, 0x7A, 0x02])
        #expect(h.toUpstream == hello && h.toClient == [0x16, 0x03, 0x03, 0x00, 0x7A, 0x02])
        #expect(h.engine.passthroughReason == .tls && h.engine.counters.passthrough == [.tls: 1])
        #expect(h.engine.isDroppable)
    }

    @Test func http2PrefacePassesUntouched() throws {
        let h = ExchangeHarness(try Self.faults())
        let preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
        h.client(Array(preface.utf8) + [0, 0, 0x12, 4, 0, 0, 0, 0, 0], pieces: [1, 1, 1])
        #expect(h.toUpstream == Array(preface.utf8) + [0, 0, 0x12, 4, 0, 0, 0, 0, 0])
        #expect(h.engine.passthroughReason == .http2)
    }

    @Test func garbageIsNotHTTP() throws {
        let h = ExchangeHarness(try Self.faults())
        h.client("SSH-2.0-OpenSSH_9.6\r\n")
        h.upstream("SSH-2.0-OpenSSH_9.7\r\n")
        #expect(h.upstreamText == "SSH-2.0-OpenSSH_9.6\r\n" && h.clientText == "SSH-2.0-OpenSSH_9.7\r\n")
        #expect(h.engine.passthroughReason == .notHTTP)
    }

    @Test func connectTunnelsAfterEarlierExchangesAreAnswered() throws {
        let h = ExchangeHarness([try fault("http_status", #"{"status":500,"path":"/first"}"#)])
        let connect = "CONNECT db.internal:5432 HTTP/1.1\r\nHost: db.internal:5432\r\n\r\n"
        h.client(get("/first") + connect)
        h.client("\u{0}\u{0}\u{0}\u{8}tunnel")
        #expect(h.upstreamText == get("/first") + connect + "\u{0}\u{0}\u{0}\u{8}tunnel")
        h.upstream(ok("x") + "HTTP/1.1 200 Connection Established\r\n\r\nbinary")
        #expect(h.clientText
            == "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1\r\n\r\nx" + "HTTP/1.1 200 Connection Established\r\n\r\nbinary")
        #expect(h.engine.passthroughReason == .connect)
    }

    @Test func switchingProtocolsEndsHTTP() throws {
        let h = ExchangeHarness(try Self.faults() + [try fault("http_status", name: "s")])
        let upgrade = "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
        h.client(upgrade)
        #expect(h.upstreamText == upgrade)
        h.client([0x81, 0x85, 1, 2, 3, 4, 5])  // a frame sent early: held until the answer
        #expect(h.upstreamText == upgrade && h.engine.heldBytes(.upstream) == 7)
        let switching = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
        h.upstream(Array(switching.utf8) + [0x81, 0x02, 0x68, 0x69])
        #expect(h.toClient == Array(switching.utf8) + [0x81, 0x02, 0x68, 0x69])
        #expect(h.toUpstream == Array(upgrade.utf8) + [0x81, 0x85, 1, 2, 3, 4, 5])
        h.client(get("/not-http-anymore"))
        #expect(h.upstreamText.hasSuffix(get("/not-http-anymore")))
        #expect(h.engine.passthroughReason == .upgrade && h.engine.isDroppable)
    }

    @Test func aDeclinedUpgradeGoesOnWithHTTP() throws {
        let h = ExchangeHarness([try fault("http_abort", #"{"path":"/aborted"}"#)])
        let upgrade = "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n"
        h.client(upgrade + get("/aborted") + get("/next"))
        #expect(h.upstreamText == upgrade)
        h.upstream(ok("plain"))
        #expect(h.upstreamText == upgrade + get("/next"))
        h.upstream(ok("next"))
        #expect(h.clientText == ok("plain") + "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n" + ok("next"))
        #expect(h.engine.passthroughReason == nil)
    }

    @Test func aHeadExactlyAtTheCapIsParsedOneByteMoreIsNot() throws {
        let configuration = HTTPExchange.Configuration(maxHeadBytes: 1024)
        let base = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: \r\n\r\n"
        let padding = String(repeating: "p", count: 1024 - base.utf8.count)
        let atCap = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: \(padding)\r\n\r\n"
        #expect(atCap.utf8.count == 1024)
        let h = ExchangeHarness([try fault("http_abort")], configuration: configuration)
        h.client(atCap)
        #expect(h.upstreamText.isEmpty && h.clientText.hasPrefix("HTTP/1.1 503"))
        let over = ExchangeHarness([try fault("http_abort")], configuration: configuration)
        let overCap = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: \(padding)p\r\n\r\n"
        over.client(overCap)
        #expect(over.upstreamText == overCap && over.engine.passthroughReason == .headTooLarge)
    }

    @Test func aMegabyteRequestLinePassesThroughWithoutBeingHeldWhole() throws {
        let h = ExchangeHarness(try Self.faults())
        let line = Array(("GET /" + String(repeating: "a", count: 1 << 20) + " HTTP/1.1\r\nHost: a\r\n\r\n").utf8)
        h.client(line, pieces: Array(repeating: 4096, count: 20))
        #expect(h.toUpstream == line && h.engine.passthroughReason == .headTooLarge)
        #expect(h.engine.heldBytes(.upstream) == 0)
    }

    @Test func tooManyHeaderFields() throws {
        let h = ExchangeHarness(try Self.faults())
        let request = "GET / HTTP/1.1\r\n" + String(repeating: "X: 1\r\n", count: 257) + "\r\n"
        h.client(request)
        #expect(h.upstreamText == request && h.engine.passthroughReason == .tooManyHeaders)
    }

    @Test(arguments: [
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", PassthroughReason.ambiguousFraming),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", .ambiguousFraming),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n", .badFraming),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", .badFraming),
        ("GET / HTTP/1.1\r\nHost a\r\n\r\n", .malformedHead),
        ("GET / HTTP/1.1\r\n folded\r\n\r\n", .malformedHead),
    ])
    func untrustworthyRequestsPassThrough(request: String, reason: PassthroughReason) throws {
        let h = ExchangeHarness(try Self.faults())
        h.client(request + "tail")
        #expect(h.upstreamText == request + "tail" && h.engine.passthroughReason == reason)
    }

    @Test func repeatedIdenticalLengthsAreFine() throws {
        let h = ExchangeHarness([try fault("http_status", #"{"status":500}"#)])
        h.client("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nab")
        h.upstream(ok(""))
        #expect(h.engine.passthroughReason == nil && h.clientText.hasPrefix("HTTP/1.1 500"))
    }

    @Test func aBadResponseGivesUpAfterTheRequestSideReachesABoundary() throws {
        let h = ExchangeHarness([try fault("http_status", #"{"status":500}"#)])
        h.client(get("/a") + "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab")
        h.upstream("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy")
        #expect(h.clientText == "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy")
        #expect(h.engine.passthroughReason == .ambiguousFraming)
        h.client("cd" + "garbage")
        h.upstream("more")
        #expect(h.upstreamText.hasSuffix("abcdgarbage") && h.clientText.hasSuffix("more"))
    }

    @Test func anUnsolicitedResponsePassesThrough() throws {
        let h = ExchangeHarness(try Self.faults())
        h.upstream("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n")
        #expect(h.clientText == "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n")
        #expect(h.engine.passthroughReason == .unsolicitedResponse)
    }
}
