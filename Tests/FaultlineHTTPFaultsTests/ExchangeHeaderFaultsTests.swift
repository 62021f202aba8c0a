/// `http_header_faults`: `x-faultline-abort` and `x-faultline-delay` request fields steer faults per request.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeHeaderFaultsTests {
    @Test func abortControlAnswersWithThatStatus() throws {
        let h = ExchangeHarness([try fault("http_header_faults", name: "controls")])
        h.client(get("/", "X-Faultline-Abort: 418\r\n"))
        #expect(h.clientText == "HTTP/1.1 418 I'm a teapot\r\nContent-Length: 0\r\n\r\n" && h.upstreamText.isEmpty)
        #expect(h.engine.counters.faults == [.init(toxic: "controls", type: "http_abort"): 1])
    }

    @Test func delayControlDelaysAndIsStripped() throws {
        let h = ExchangeHarness([try fault("http_header_faults")])
        h.client("GET / HTTP/1.1\r\nx-faultline-delay: 250\r\nHost: a\r\n\r\n")
        #expect(h.upstreamText.isEmpty && h.engine.nextWake == .ms(250))
        h.advance(to: .ms(250))
        #expect(h.upstreamText == "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    }

    @Test func bothTogetherAnswerLate() throws {
        let h = ExchangeHarness([try fault("http_header_faults")])
        h.client(get("/", "X-Faultline-Abort: 503\r\nX-Faultline-Delay: 100\r\n"))
        #expect(h.clientText.isEmpty)
        h.advance(to: .ms(100))
        #expect(h.clientText.hasPrefix("HTTP/1.1 503 ") && h.upstreamText.isEmpty)
    }

    @Test(arguments: ["X-Faultline-Abort: 99\r\n", "X-Faultline-Abort: 600\r\n", "X-Faultline-Abort: soon\r\n",
                      "X-Faultline-Delay: 600001\r\n", "X-Faultline-Delay: -1\r\n"])
    func invalidValuesAreIgnoredCountedAndStillStripped(field: String) throws {
        let h = ExchangeHarness([try fault("http_header_faults")])
        h.client(get("/", field))
        #expect(h.upstreamText == get("/") && h.engine.nextWake == nil)
        #expect(h.engine.counters.ignoredControlHeaders == 1)
    }

    @Test func withoutTheToxicTheFieldsAreOrdinary() throws {
        let h = ExchangeHarness([try fault("http_status", #"{"path":"/none"}"#)])
        h.client(get("/", "X-Faultline-Abort: 503\r\n"))
        #expect(h.upstreamText == get("/", "X-Faultline-Abort: 503\r\n"))
    }

    @Test func fieldsAreStrippedEvenWhenTheToxicDoesNotMatch() throws {
        let h = ExchangeHarness([try fault("http_header_faults", #"{"path":"/only"}"#)])
        h.client(get("/elsewhere", "X-Faultline-Abort: 503\r\n"))
        #expect(h.upstreamText == get("/elsewhere"))
    }
}
