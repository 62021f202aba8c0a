/// `http_abort`: a synthetic answer in the request's place in the pipeline; the upstream never sees the request.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeAbortTests {
    @Test func abortAnswersWithTheConfiguredResponseAndKeepsTheConnection() throws {
        let h = ExchangeHarness([try fault("http_abort", #"{"status":503,"body":"down","headers":{"Retry-After":"1"}}"#)])
        h.client(get("/"))
        #expect(h.upstreamText.isEmpty)
        #expect(h.clientText == "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nRetry-After: 1\r\n\r\ndown")
        #expect(h.markList.isEmpty && h.engine.inFlightCount == 0)
        #expect(h.engine.counters.faults == [.init(toxic: "http_abort", type: "http_abort"): 1])
        #expect(h.engine.counters.responses == [503: 1])
    }

    @Test func pipelinedThreeWithOnlyTheSecondAbortedKeepsOrder() throws {
        let h = ExchangeHarness([try fault("http_abort", #"{"path":"/2","status":500}"#)])
        h.client(get("/1") + get("/2") + get("/3"))
        #expect(h.upstreamText == get("/1") + get("/3"))
        // The synthetic answer waits for the first response: request 1's bytes are not disturbed.
        #expect(h.clientText.isEmpty)
        h.upstream(ok("one"))
        let synthetic = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
        #expect(h.clientText == ok("one") + synthetic)
        h.upstream(ok("three"))
        #expect(h.clientText == ok("one") + synthetic + ok("three"))
        #expect(h.engine.inFlightCount == 0)
    }

    @Test func theAbortedRequestsBodyIsReadAndDiscarded() throws {
        let h = ExchangeHarness([try fault("http_abort", #"{"methods":["POST"]}"#)])
        h.client("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nda")
        h.client("ta\r\n0\r\n\r\n" + get("/next"))
        #expect(h.upstreamText == get("/next"))
        h.upstream(ok("n"))
        #expect(h.clientText == "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n" + ok("n"))
    }

    @Test func closeTrueSaysSoAndEndsTheClientSideAfterTheAnswer() throws {
        let h = ExchangeHarness([try fault("http_abort", #"{"close":true}"#)])
        h.client(get("/") + get("/never"))
        #expect(h.clientText == "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(h.markList == [.end(.downstream)] && h.upstreamText.isEmpty)
        h.client(get("/still-sending"))
        h.clientEnd()
        #expect(h.upstreamText.isEmpty && h.markList == [.end(.downstream), .end(.upstream)])
    }

    @Test func http10ClientsWithoutKeepAliveAreClosedAfterTheAnswer() throws {
        let h = ExchangeHarness([try fault("http_abort", #"{"status":404}"#)])
        h.client("GET / HTTP/1.0\r\n\r\n")
        #expect(h.clientText == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(h.markList == [.end(.downstream)])
    }

    @Test func headGetsTheLengthWithoutTheBody() throws {
        let h = ExchangeHarness([try fault("http_abort", #"{"body":"abc"}"#)])
        h.client("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(h.clientText == "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 3\r\n\r\n")
    }

    @Test(arguments: [204, 304, 103])
    func bodylessStatusesCarryNoLength(status: Int) throws {
        let h = ExchangeHarness([try fault("http_abort", #"{"status":\#(status),"body":"ignored"}"#)])
        h.client(get("/"))
        #expect(!h.clientText.contains("Content-Length") && h.clientText.hasSuffix("\r\n\r\n"))
    }

    @Test func expectContinueIsAnsweredAtOnceAndItsBodyDiscarded() throws {
        let h = ExchangeHarness([try fault("http_abort", #"{"status":413}"#)])
        h.client("PUT /big HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        #expect(h.clientText == "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(h.markList == [.end(.downstream)])
        h.client("hello")
        #expect(h.upstreamText.isEmpty)
    }

    @Test func closeFalseFollowedByAThousandKeepAliveRequestsLeaksAndReordersNothing() throws {
        let h = ExchangeHarness([try fault("http_abort", #"{"path":"/first"}"#)])
        h.client(get("/first"))
        let abortAnswer = h.clientText
        var expectedUp = ""
        var expectedDown = abortAnswer
        for index in 0..<1000 {
            let request = get("/r/\(index)")
            let response = ok("\(index)")
            h.client(request)
            h.upstream(response)
            expectedUp += request
            expectedDown += response
            #expect(h.engine.inFlightCount == 0)
        }
        #expect(h.upstreamText == expectedUp && h.clientText == expectedDown)
        #expect(h.engine.heldBytes(.upstream) == 0 && h.engine.heldBytes(.downstream) == 0)
        #expect(h.engine.counters.requests == 1001 && h.engine.counters.responses == [503: 1, 200: 1000])
    }
}
