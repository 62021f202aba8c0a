/// Faults edited live, engines dropped at a boundary, and engines made mid-stream finding their footing.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeEditingTests {
    @Test func aFaultAddedMidRequestAppliesFromTheNextRequest() throws {
        let h = ExchangeHarness([try fault("http_status", #"{"path":"/never"}"#)])
        h.client(get("/1"))
        h.engine.add(try fault("http_status", #"{"status":500}"#, name: "new"), seed: 1)
        h.upstream(ok("1"))
        h.client(get("/2"))
        h.upstream(ok("2"))
        #expect(h.clientText == ok("1") + "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1\r\n\r\n2")
    }

    @Test func anUpdateTakesEffectForTheNextRequest() throws {
        let h = ExchangeHarness([try fault("http_status", #"{"status":500}"#, name: "s")])
        h.client(get("/1"))
        #expect(h.engine.update(try fault("http_status", #"{"status":502}"#, name: "s")))
        h.upstream(ok("1"))
        h.client(get("/2"))
        h.upstream(ok("2"))
        #expect(h.clientText.contains("HTTP/1.1 500 ") && h.clientText.contains("HTTP/1.1 502 "))
        #expect(!h.engine.update(try fault("http_status", name: "missing")))
    }

    @Test func theEngineCanBeDroppedOnceItsLastFaultIsGoneAtABoundary() throws {
        let h = ExchangeHarness([try fault("http_status", #"{"status":500}"#, name: "s")])
        h.client(get("/1"))
        h.remove("s")
        #expect(!h.engine.isDroppable)  // a response is still owed
        h.upstream("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab")
        #expect(!h.engine.isDroppable)
        h.upstream("cd")
        #expect(h.engine.isDroppable && h.engine.faults.isEmpty)
    }

    @Test func midStreamEnginesProbeBeforeFaulting() throws {
        let h = ExchangeHarness([try fault("http_abort", "{}")], midStream: true)
        // The tail of a response that began before the engine, then a new request.
        h.upstream("...tail of an earlier body")
        h.client(get("/probe"))
        #expect(h.upstreamText == get("/probe"))
        h.upstream(ok("probe answer"))
        #expect(h.clientText == "...tail of an earlier body" + ok("probe answer"))
        h.client(get("/faulted"))
        #expect(h.upstreamText == get("/probe") && h.clientText.hasSuffix("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"))
        #expect(h.engine.passthroughReason == nil && h.engine.counters.requests == 2)
    }

    @Test func midStreamBodyBytesAreNotMistakenForARequest() throws {
        let h = ExchangeHarness([try fault("http_abort", "{}")], midStream: true)
        // A request body arrives in two client reads in a row: the second proves nothing.
        h.client("some body bytes")
        h.client(get("/inside-the-body"))
        #expect(h.upstreamText == "some body bytes" + get("/inside-the-body"))
        h.upstream(ok("done"))
        // After the upstream spoke, a read that starts with a request line is the probe: forwarded, not faulted.
        h.client(get("/probe"))
        #expect(h.upstreamText.hasSuffix(get("/probe")))
        h.upstream(ok("probe"))
        h.client(get("/faulted"))
        #expect(!h.upstreamText.contains("/faulted") && h.clientText.hasSuffix("Content-Length: 0\r\n\r\n"))
    }

    @Test func aMidStreamProbeAnsweredByAnEarlierResponsesTailGivesUp() throws {
        let h = ExchangeHarness([try fault("http_abort", "{}")], midStream: true)
        h.client(get("/probe"))
        h.upstream("rest of an earlier response body")
        #expect(h.clientText == "rest of an earlier response body")
        #expect(h.engine.passthroughReason == .unsynchronised)
        h.client(get("/after"))
        #expect(h.upstreamText == get("/probe") + get("/after"))
    }

    @Test func aMidStreamEngineWithoutFaultsIsDroppableWhileWaiting() {
        let engine = HTTPExchange(midStream: true)
        #expect(engine.isDroppable)
    }

    @Test func takeCountersHandsOverAndStartsAgain() throws {
        let h = ExchangeHarness([try fault("http_abort", "{}")])
        h.client(get("/"))
        let counters = h.engine.takeCounters()
        #expect(counters.requests == 1 && counters.responses == [503: 1])
        #expect(h.engine.counters.isEmpty)
        var total = HTTPFaultCounters()
        total.merge(counters)
        total.merge(counters)
        #expect(total.requests == 2 && total.faults.values.first == 2)
    }
}

@Suite struct ExchangeQueueTests {
    @Test func aClientThatAlwaysKeepsRequestsInFlightDoesNotGrowTheQueue() throws {
        let h = ExchangeHarness([try fault("http_status", #"{"path":"/never"}"#)])
        h.client(get("/0") + get("/1"))
        for index in 2..<2000 {
            h.upstream(ok("\(index - 2)"))
            h.client(get("/\(index)"))
            #expect(h.engine.inFlightCount == 2)
        }
        #expect(h.engine.inFlightStorage <= 64)
    }

    @Test func requestsPipelinedBehindTheProbeAreNotFaultedEither() throws {
        let h = ExchangeHarness([try fault("http_abort", "{}")], midStream: true)
        h.client(get("/probe") + get("/behind"))
        #expect(h.upstreamText == get("/probe") + get("/behind"))
        h.upstream(ok("p") + ok("b"))
        h.client(get("/faulted"))
        #expect(h.clientText == ok("p") + ok("b") + "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
    }
}
