/// The exchange engine follows HTTP/1.1 framing both ways without faults touching a byte: keep-alive, pipelining,
/// bodies by length and by chunks, HEAD, 204/304, interim responses, close-delimited responses, half-close.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeFramingTests {
    /// A fault that matches nothing the tests send, so the engine parses everything and changes nothing.
    static func idle() throws -> [HTTPFaultSpec] { [try fault("http_abort", #"{"path":"/never"}"#)] }

    @Test func keepAliveExchangesPassUnchanged() throws {
        let h = ExchangeHarness(try Self.idle())
        var sentUp = ""
        var sentDown = ""
        for index in 0..<3 {
            let request = get("/item/\(index)")
            let response = ok("body \(index)")
            h.client(request)
            h.upstream(response)
            sentUp += request
            sentDown += response
        }
        #expect(h.upstreamText == sentUp && h.clientText == sentDown)
        #expect(h.engine.counters.requests == 3 && h.engine.counters.responses == [200: 3])
        #expect(h.engine.inFlightCount == 0 && h.engine.isDroppable == false)
        #expect(h.engine.passthroughReason == nil)
    }

    @Test func anUnchangedHeadInOneReadIsForwardedWithoutACopy() throws {
        let engine = HTTPExchange()
        engine.add(try fault("http_abort", #"{"path":"/never"}"#), seed: 1)
        var out: [HTTPExchangeAction] = []
        let request = Array(get("/").utf8)
        request.withUnsafeBytes { engine.receive($0, flowing: .upstream, now: .zero, into: &out) }
        #expect(out == [.forward(.upstream, 0..<request.count)])
    }

    @Test func pipelinedRequestsArePairedInOrder() throws {
        let h = ExchangeHarness(try Self.idle())
        h.client(get("/1") + get("/2") + get("/3"))
        #expect(h.engine.inFlightCount == 3)
        h.upstream(ok("one") + ok("two"))
        h.upstream(ok("three"))
        #expect(h.clientText == ok("one") + ok("two") + ok("three"))
        #expect(h.engine.inFlightCount == 0)
    }

    @Test func contentLengthAndChunkedBodiesBothWays() throws {
        let h = ExchangeHarness(try Self.idle())
        let post = "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world"
        let chunkedPost = "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        h.client(post + chunkedPost + get("/after"))
        #expect(h.upstreamText == post + chunkedPost + get("/after"))
        #expect(h.engine.inFlightCount == 3)
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        h.upstream(ok("x") + chunked + ok("y"))
        #expect(h.clientText == ok("x") + chunked + ok("y"))
        #expect(h.engine.inFlightCount == 0)
    }

    @Test func upperCaseHexSizesExtensionsAndTrailers() throws {
        let h = ExchangeHarness(try Self.idle())
        h.client(get("/a") + get("/b"))
        let body = String(repeating: "z", count: 0x1A)
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
            + "1A;name=\"va;l\";x\r\n\(body)\r\n0A\r\n0123456789\r\n0;last\r\nX-Checksum: 1\r\nX-More: 2\r\n\r\n"
        h.upstream(chunked + ok("second"))
        #expect(h.clientText == chunked + ok("second"))
        #expect(h.engine.inFlightCount == 0 && h.engine.passthroughReason == nil)
    }

    @Test func headResponsesHaveNoBodyWhateverTheirLength() throws {
        let h = ExchangeHarness(try Self.idle())
        h.client("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n" + get("/next"))
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
        h.upstream(head + ok("next"))
        #expect(h.clientText == head + ok("next"))
        #expect(h.engine.inFlightCount == 0)
    }

    @Test(arguments: [204, 304])
    func noContentAndNotModifiedHaveNoBody(status: Int) throws {
        let h = ExchangeHarness(try Self.idle())
        h.client(get("/a") + get("/b"))
        let first = "HTTP/1.1 \(status) X\r\nContent-Length: 10\r\n\r\n"
        h.upstream(first + ok("b"))
        #expect(h.clientText == first + ok("b"))
        #expect(h.engine.counters.responses == [status: 1, 200: 1])
    }

    @Test func expectContinueInterimResponsePassesAndDoesNotCompleteTheExchange() throws {
        let h = ExchangeHarness(try Self.idle())
        let head = "PUT /f HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"
        h.client(head)
        h.upstream("HTTP/1.1 100 Continue\r\n\r\n")
        h.client("data")
        h.upstream(ok("stored"))
        #expect(h.upstreamText == head + "data")
        #expect(h.clientText == "HTTP/1.1 100 Continue\r\n\r\n" + ok("stored"))
        #expect(h.engine.inFlightCount == 0)
    }

    @Test func closeDelimitedResponseEndsWithTheUpstreamAndThePipelinedRequestGetsTheClose() throws {
        let h = ExchangeHarness(try Self.idle() + [try fault("http_abort", #"{"path":"/aborted"}"#, name: "ab")])
        h.client(get("/a") + get("/b") + get("/aborted"))
        let response = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nstreamed until close"
        h.upstream(response)
        h.upstreamEnd()
        // Nothing may follow a response delimited by the close: /b gets the FIN, and no synthetic answer is added.
        #expect(h.clientText == response)
        #expect(h.markList == [.end(.downstream)])
    }

    @Test func clientHalfCloseAfterItsLastRequestStillGetsTheResponse() throws {
        let h = ExchangeHarness(try Self.idle())
        h.client(get("/last", "Connection: close\r\n"))
        h.clientEnd()
        #expect(h.markList == [.end(.upstream)])
        h.upstream(ok("bye", "Connection: close\r\n"))
        h.upstreamEnd()
        #expect(h.clientText == ok("bye", "Connection: close\r\n"))
        #expect(h.markList == [.end(.upstream), .end(.downstream)])
    }

    @Test func leadingBlankLinesBeforeARequestAreKept() throws {
        let h = ExchangeHarness(try Self.idle())
        h.client("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx\r\n" + get("/b"))
        h.upstream(ok("1") + ok("2"))
        #expect(h.upstreamText == "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx\r\n" + get("/b"))
        #expect(h.engine.inFlightCount == 0)
    }

    @Test func bareLineFeedsAreAccepted() throws {
        let h = ExchangeHarness(try [fault("http_status", #"{"status":502}"#)])
        h.client("GET / HTTP/1.1\nHost: a\n\n")
        h.upstream("HTTP/1.1 200 OK\nContent-Length: 2\n\nhi")
        #expect(h.clientText == "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 2\r\n\r\nhi")
    }
}
