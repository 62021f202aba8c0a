/// Pipelined requests, live edits on keep-alive connections, and traffic the engine cannot parse.
import FaultlineTestSupport
import Testing

@Suite(.serialized) struct HTTPPipelineTests {
    @Test func aFaultForRequestNActsInItsPlaceInThePipeline() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_abort","attributes":{"status":503,"path":"/2"}}"#])
        let client = try h.client()
        try client.socket.send((1...4).flatMap { HTTPReader.request("GET", "/\($0)") })
        let responses = try (1...4).map { _ in try client.readResponse() }
        #expect(responses.map(\.status) == [200, 503, 200, 200])
        #expect(responses[0].bodyText.hasPrefix("GET /1 "))
        #expect(responses[2].bodyText.hasPrefix("GET /3 "))
        #expect(responses[3].bodyText.hasPrefix("GET /4 "))
        #expect(h.origin.received.map { $0.prefix(7) } == ["GET /1 ", "GET /3 ", "GET /4 "])
    }

    @Test func aThousandAbortedKeepAliveRequestsKeepOrderAndMemory() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_abort","attributes":{"status":429,"path":"/odd/*"}}"#])
        let client = try h.client()
        for batch in 0..<10 {
            let paths = (0..<100).map { ($0 % 2 == 1 ? "/odd/" : "/even/") + "\(batch)-\($0)" }
            try client.socket.send(paths.flatMap { HTTPReader.request("GET", $0) })
            for path in paths {
                let response = try client.readResponse()
                if path.hasPrefix("/odd/") {
                    #expect(response.status == 429)
                } else {
                    #expect(response.bodyText.hasPrefix("GET \(path) "))
                }
            }
        }
        #expect(h.figures.requests == 1000)
        #expect(h.proxy.server.perform { $0.stats(proxy: "p")?.directionHighWater ?? -1 } < 1 << 20)
    }

    @Test func liveAddAndRemoveOnAKeepAliveConnection() throws {
        let h = try HTTPHarness()
        let busy = try h.client()
        let fresh = try h.client()
        #expect(try h.exchange(busy, "GET", "/before").status == 200)
        try h.add(#"{"name":"a","type":"http_abort","attributes":{"status":503}}"#)
        // A connection that never carried a byte parses from its first request.
        #expect(try h.exchange(fresh, "GET", "/first").status == 503)
        // One that did resynchronises on a probe request (never faulted) before faulting the next.
        #expect(try h.exchange(busy, "GET", "/probe").status == 200)
        #expect(try h.exchange(busy, "GET", "/faulted").status == 503)
        try h.remove("a")
        #expect(try h.exchange(busy, "GET", "/after").status == 200)
        #expect(try h.exchange(fresh, "GET", "/after").status == 200)
        #expect(h.origin.received.map { $0.split(separator: " ")[1] } == ["/before", "/probe", "/after", "/after"])
    }

    @Test func removingADelayReleasesWhatItHolds() throws {
        let h = try HTTPHarness(toxics: [#"{"name":"slow","type":"http_delay","attributes":{"delay":60000}}"#])
        let client = try h.client()
        try client.socket.send(HTTPReader.request("GET", "/held"))
        #expect(!client.socket.waitReadable(timeout: 0.2))
        try h.remove("slow")
        #expect(try client.readResponse().status == 200)
    }

    /// What each pass-through reason looks like on the wire.
    static func unparseable(_ reason: String) -> [UInt8] {
        switch reason {
        case "tls": return [0x16, 0x03, 0x01, 0x00, 0x05] + Array("hello".utf8)
        case "http2": return Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
        case "head_too_large": return Array(("GET /" + String(repeating: "a", count: 1 << 20) + " HTTP/1.1\r\n\r\n").utf8)
        case "too_many_headers":
            return Array(("GET / HTTP/1.1\r\n" + String(repeating: "X-A: 1\r\n", count: 300) + "\r\n").utf8)
        default: return Array("hello there\r\nthis is not HTTP\r\n\r\n".utf8)
        }
    }

    /// Bytes the engine cannot parse pass through unchanged, counted by reason.
    @Test(arguments: ["tls", "http2", "not_http", "head_too_large", "too_many_headers"])
    func unparseableTrafficPassesThroughAsBytes(reason: String) throws {
        let bytes = Self.unparseable(reason)
        let echo = try TestUpstream.echo()
        let h = try ProxyHarness(
            [ProxyHarness.spec(upstream: "127.0.0.1:\(echo.port)", toxics: [
                .init(kind: .http(type: "http_abort", attributes: .object([])))
            ])], config: .init(adminHost: nil, proxyMetrics: true))
        let client = try h.connect()
        try client.send(bytes)
        #expect(try client.receive(exactly: bytes.count, timeout: 10) == bytes)
        try client.send("after")
        #expect(try client.receive(exactly: 5) == Array("after".utf8))
        let figures = h.server.perform { $0.metrics()?.proxies.first?.http }
        #expect(figures?.passthrough[reason] == 1)
        #expect(h.logs.contains("http passthrough") && h.logs.contains("reason=\(reason)"))
    }
}
