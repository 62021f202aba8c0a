/// `http_delay`: requests (and everything behind them) or response heads (likewise) released late, order kept.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeDelayTests {
    @Test func requestDelayHoldsTheRequestAndEverythingBehindIt() throws {
        let h = ExchangeHarness([try fault("http_delay", #"{"delay":100,"path":"/slow"}"#)])
        h.client(get("/slow") + get("/fast"))
        #expect(h.upstreamText.isEmpty && h.engine.nextWake == .ms(100))
        #expect(h.engine.heldBytes(.upstream) == (get("/slow") + get("/fast")).utf8.count)
        h.advance(to: .ms(99))
        #expect(h.upstreamText.isEmpty)
        h.advance(to: .ms(100))
        #expect(h.upstreamText == get("/slow") + get("/fast"))
        #expect(h.chunks.allSatisfy { $0.time == .ms(100) } && h.engine.nextWake == nil)
        #expect(h.engine.heldBytes(.upstream) == 0)
    }

    @Test func aBodyArrivingAfterTheReleaseFlowsStraightThrough() throws {
        let h = ExchangeHarness([try fault("http_delay", #"{"delay":50}"#)])
        h.client("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nabc")
        h.advance(to: .ms(50))
        h.client("def")
        #expect(h.upstreamText == "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nabcdef")
        #expect(h.chunks.last?.time == .ms(50))
    }

    @Test func delaysOfOnePhaseAddUpAndJitterStaysInItsBounds() throws {
        let faults = [
            try fault("http_delay", #"{"delay":100,"jitter":20}"#, name: "a"),
            try fault("http_delay", #"{"delay":50}"#, name: "b"),
        ]
        let h = ExchangeHarness(faults)
        for index in 0..<50 {
            let start = h.now
            h.client(get("/\(index)"))
            let wake = try #require(h.engine.nextWake)
            #expect(wake >= start + .milliseconds(130) && wake <= start + .milliseconds(170))
            h.advance(to: wake)
            h.upstream(ok("x"))
        }
    }

    @Test func responseDelayHoldsTheHeadAndWhatFollows() throws {
        let h = ExchangeHarness([try fault("http_delay", #"{"delay":200,"phase":"response"}"#)])
        h.client(get("/"))
        #expect(h.upstreamText == get("/"))
        h.advance(to: .ms(10))
        h.upstream(ok("late"))
        #expect(h.clientText.isEmpty && h.engine.nextWake == .ms(210))
        h.advance(to: .ms(210))
        #expect(h.clientText == ok("late"))
    }

    @Test func heldBytesPushBackAtTheBudget() throws {
        let configuration = HTTPExchange.Configuration(holdBudget: 100)
        let h = ExchangeHarness([try fault("http_delay", #"{"delay":1000,"phase":"response"}"#)],
                                configuration: configuration)
        h.client(get("/"))
        h.upstream("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n")
        #expect(h.engine.wantsInput(.downstream))
        h.upstream(Array(repeating: 0x61, count: 200))
        #expect(!h.engine.wantsInput(.downstream) && h.engine.wantsInput(.upstream))
        h.advance(to: .ms(1000))
        #expect(h.engine.wantsInput(.downstream) && h.engine.heldBytes(.downstream) == 0)
    }

    @Test func removingTheDelayReleasesWhatItHolds() throws {
        let h = ExchangeHarness([try fault("http_delay", #"{"delay":60000}"#, name: "slow")])
        h.client(get("/"))
        #expect(h.upstreamText.isEmpty)
        h.advance(to: .ms(5))
        h.remove("slow")
        #expect(h.upstreamText == get("/") && h.chunks.last?.time == .ms(5) && h.engine.nextWake == nil)
        h.client(get("/2"))
        #expect(h.upstreamText == get("/") + get("/2"))
    }

    @Test func pipelinedClientsOverflowingTheQueueArePushedBack() throws {
        let configuration = HTTPExchange.Configuration(maxInFlight: 3)
        let h = ExchangeHarness([try fault("http_status", #"{"status":500}"#)], configuration: configuration)
        h.client(get("/1") + get("/2"))
        #expect(h.engine.wantsInput(.upstream))
        h.client(get("/3"))
        #expect(!h.engine.wantsInput(.upstream))
        h.upstream(ok("1"))
        #expect(h.engine.wantsInput(.upstream))
    }
}
