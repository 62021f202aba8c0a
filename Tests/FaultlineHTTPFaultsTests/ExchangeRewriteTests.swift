/// `http_header` and `http_status`: heads rewritten (remove first, then set), bodies and framing untouched.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeRewriteTests {
    @Test func requestHeadersAreRemovedThenSet() throws {
        let h = ExchangeHarness([
            try fault("http_header", #"{"remove":["X-Drop","x-replace"],"set":{"X-Replace":"new","X-Add":"1"}}"#)
        ])
        h.client("GET / HTTP/1.1\r\nHost: a\r\nX-Replace: old\r\nX-Drop: 1\r\nX-Keep: k\r\nX-Replace: old2\r\n\r\n")
        #expect(h.upstreamText == "GET / HTTP/1.1\r\nHost: a\r\nX-Keep: k\r\nX-Replace: new\r\nX-Add: 1\r\n\r\n")
    }

    @Test func setReplacesEveryValueAtTheFirstPlace() throws {
        let h = ExchangeHarness([try fault("http_header", #"{"set":{"Accept":"text/plain"}}"#)])
        h.client("GET / HTTP/1.1\r\nAccept: a\r\nHost: a\r\naccept: b\r\n\r\n")
        #expect(h.upstreamText == "GET / HTTP/1.1\r\nAccept: text/plain\r\nHost: a\r\n\r\n")
    }

    @Test func responseHeadersAreRewrittenAndTheBodyPassesAsIs() throws {
        let h = ExchangeHarness([
            try fault("http_header", #"{"phase":"response","set":{"Cache-Control":"no-store"},"remove":["ETag"]}"#)
        ])
        h.client(get("/"))
        h.upstream("HTTP/1.1 200 OK\r\nETag: \"x\"\r\nContent-Length: 2\r\n\r\nhi")
        #expect(h.clientText == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nCache-Control: no-store\r\n\r\nhi")
        #expect(h.upstreamText == get("/"))
    }

    @Test func statusIsRewrittenWithItsStandardPhrase() throws {
        let h = ExchangeHarness([try fault("http_status", #"{"status":429,"path":"/limited"}"#)])
        h.client(get("/limited") + get("/other"))
        h.upstream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX: y\r\n\r\nok" + ok("2"))
        #expect(h.clientText == "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 2\r\nX: y\r\n\r\nok" + ok("2"))
        #expect(h.engine.counters.responses == [429: 1, 200: 1])
    }

    @Test func framingStillFollowsTheUpstreamsStatus() throws {
        // A 200 with a body rewritten to 204 still carries the body on the wire; the engine stays in step.
        let h = ExchangeHarness([try fault("http_status", #"{"status":204,"path":"/a"}"#)])
        h.client(get("/a") + get("/b"))
        h.upstream(ok("body") + ok("next"))
        #expect(h.clientText == "HTTP/1.1 204 No Content\r\nContent-Length: 4\r\n\r\nbody" + ok("next"))
        #expect(h.engine.inFlightCount == 0)
    }

    @Test func interimResponsesAreNotRewritten() throws {
        let h = ExchangeHarness([try fault("http_status", #"{"status":500}"#)])
        h.client("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n")
        h.upstream("HTTP/1.1 100 Continue\r\n\r\n")
        h.client("x")
        h.upstream(ok(""))
        #expect(h.clientText == "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
    }
}
