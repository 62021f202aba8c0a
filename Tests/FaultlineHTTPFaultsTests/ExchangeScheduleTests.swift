/// `schedule` on `http_*` toxics: a request whose head arrives in an off phase is not faulted.
import FaultlineCore
import Testing

@testable import FaultlineHTTPFaults

@Suite struct ExchangeScheduleTests {
    @Test func onlyHeadsArrivingInOnPhasesAreFaulted() throws {
        var abort = try fault("http_abort", #"{"status":503}"#)
        abort.options.schedule = ToxicSchedule(on: 100, off: 100)
        abort.options.createdAt = .zero
        let h = ExchangeHarness([abort])
        h.client(get("/1"))  // t = 0: on
        let synthetic = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
        #expect(h.clientText == synthetic && h.upstreamText.isEmpty)
        h.advance(to: Instant.ms(150))  // off
        h.client(get("/2"))
        #expect(h.upstreamText == get("/2"))
        h.upstream(ok("two"))
        h.advance(to: Instant.ms(210))  // on again
        h.client(get("/3"))
        #expect(h.clientText == synthetic + ok("two") + synthetic)
        #expect(h.upstreamText == get("/2"))
    }
}
