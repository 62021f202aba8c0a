/// `http_reset` (before the request, after it, mid-response) and `http_truncate`: how each ends both connections.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeResetTests {
    @Test func beforeRequestResetsTheClientInItsPlaceAndClosesTheIdleUpstream() throws {
        let h = ExchangeHarness([try fault("http_reset", #"{"at":"before_request","path":"/2"}"#)])
        h.client(get("/1") + get("/2") + get("/3"))
        #expect(h.upstreamText == get("/1") && h.markList.isEmpty)
        h.upstream(ok("first"))
        #expect(h.clientText == ok("first"))
        #expect(h.markList == [.resetClient, .closeUpstream])
        #expect(h.marks[0].after == ok("first").utf8.count)
        h.client(get("/4"))
        #expect(h.upstreamText == get("/1"))
    }

    @Test func afterRequestLetsTheUpstreamWorkThenResetsTheClientAtTheResponseHead() throws {
        let h = ExchangeHarness([try fault("http_reset", #"{"at":"after_request"}"#)])
        let post = "POST /charge HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n"
        h.client(post)
        h.client("abc" + get("/never"))
        #expect(h.upstreamText == post + "abc")
        h.upstream("HTTP/1.1 201 Created\r\nContent-Length: 10\r\n\r\n01234")
        #expect(h.clientText.isEmpty && h.markList == [.resetClient])
        h.upstream("56789")
        #expect(h.markList == [.resetClient, .closeUpstream])
    }

    @Test func afterRequestWithABodylessResponseClosesTheUpstreamAtOnce() throws {
        let h = ExchangeHarness([try fault("http_reset", #"{"at":"after_request"}"#)])
        h.client(get("/"))
        h.upstream("HTTP/1.1 204 No Content\r\n\r\n")
        #expect(h.markList == [.resetClient, .closeUpstream])
    }

    @Test func midResponseResetsAfterTheGivenBodyBytes() throws {
        let h = ExchangeHarness([try fault("http_reset", #"{"at":"mid_response","bytes":4}"#)])
        h.client(get("/"))
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"
        h.upstream(head + "01")
        #expect(h.clientText == head + "01" && h.markList.isEmpty)
        h.upstream("23456789")
        #expect(h.clientText == head + "0123")
        #expect(h.markList == [.resetClient, .closeUpstream])
    }

    @Test func midResponseCountsChunkedBodiesAsFramedOnTheWire() throws {
        let h = ExchangeHarness([try fault("http_reset", #"{"at":"mid_response","bytes":6}"#)])
        h.client(get("/"))
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        h.upstream(head + "5\r\nhello\r\n0\r\n\r\n")
        #expect(h.clientText == head + "5\r\nhel")
    }

    @Test func aBodyShorterThanTheCountIsDeliveredWholeThenReset() throws {
        let h = ExchangeHarness([try fault("http_reset", #"{"at":"mid_response","bytes":100}"#)])
        h.client(get("/") + get("/2"))
        h.upstream(ok("tiny"))
        #expect(h.clientText == ok("tiny") && h.markList == [.resetClient, .closeUpstream])
    }

    @Test func theFirstTerminalHitWinsInCreationOrder() throws {
        let h = ExchangeHarness([
            try fault("http_reset", #"{"at":"before_request"}"#, name: "reset"),
            try fault("http_abort", "{}", name: "abort"),
        ])
        h.client(get("/"))
        #expect(h.clientText.isEmpty && h.markList == [.resetClient, .closeUpstream])
        #expect(h.engine.counters.faults == [.init(toxic: "reset", type: "http_reset"): 1])
    }

    @Test func truncateKeepsTheLengthWhenItLies() throws {
        let h = ExchangeHarness([try fault("http_truncate", #"{"bytes":3}"#)])
        h.client(get("/"))
        h.upstream(ok("0123456789"))
        #expect(h.clientText == "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n012")
        #expect(h.markList == [.closeClient, .closeUpstream])
    }

    @Test func truncateTellsTheTruthWhenAsked() throws {
        let h = ExchangeHarness([try fault("http_truncate", #"{"bytes":3,"lie":false}"#)])
        h.client(get("/"))
        h.upstream("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-A: 1\r\n\r\n0123456789")
        #expect(h.clientText == "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-A: 1\r\n\r\n012")
        #expect(h.markList == [.closeClient, .closeUpstream])
    }

    @Test func truncateToZeroSendsOnlyTheHead() throws {
        let h = ExchangeHarness([try fault("http_truncate", "{}")])
        h.client(get("/"))
        h.upstream(ok("abc"))
        #expect(h.clientText == "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n")
        #expect(h.markList == [.closeClient, .closeUpstream])
    }

    @Test func theEarlierCutWinsWhenTruncateAndMidResponseBothHit() throws {
        let h = ExchangeHarness([
            try fault("http_truncate", #"{"bytes":5}"#, name: "t"),
            try fault("http_reset", #"{"at":"mid_response","bytes":2}"#, name: "r"),
        ])
        h.client(get("/"))
        h.upstream(ok("0123456789"))
        #expect(h.clientText.hasSuffix("\r\n\r\n01") && h.markList == [.resetClient, .closeUpstream])
    }
}
