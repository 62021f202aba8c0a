/// 200 MB bodies through HTTP-aware proxies: bytes intact, memory held to the direction budget under a delay.
import Testing

@Suite(.serialized) struct HTTPBulkTests {
    static let size = 200 * 1_000_000

    /// Streams the response body into a SHA-256; returns the hex digest.
    static func download(_ h: HTTPHarness, _ path: String) throws -> (HTTPReader.Response, String) {
        let client = try h.client()
        try client.socket.send(HTTPReader.request("GET", path))
        var digest = SHA256()
        let response = try client.readResponse(timeout: 60) { digest.update($0) }
        return (response, SHA256.hex(digest.finalize()))
    }

    @Test func chunkedDownloadThroughANonMatchingFaultIsIdentical() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_abort","attributes":{"path":"/never/*"}}"#])
        let (response, hash) = try Self.download(h, "/chunked/\(Self.size)")
        #expect(response.status == 200)
        #expect(response.bodyCount == Self.size)
        #expect(hash == h.origin.sentHash)
        #expect(h.figures.requests == 1)
    }

    @Test func aMatchingResponseDelayHoldsNoMoreThanTheDirectionBudget() throws {
        let budget = 4 << 20
        let h = try HTTPHarness(
            toxics: [#"{"type":"http_delay","attributes":{"delay":1000,"phase":"response"}}"#], directionBudget: budget)
        let start = TestClock.now()
        let (response, hash) = try Self.download(h, "/stream/\(Self.size)")
        #expect(TestClock.now() - start >= 1)
        #expect(response.bodyCount == Self.size)
        #expect(hash == h.origin.sentHash)
        let highWater = h.proxy.server.perform { $0.stats(proxy: "p")?.directionHighWater ?? -1 }
        // The budget plus one read (256 KiB) at most, whatever the body's size.
        #expect(highWater > 0 && highWater <= budget + BudgetTests.oneRead, "held \(highWater)")
    }
}
