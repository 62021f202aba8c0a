/// The edges of http-faults.md §7 on real sockets: split heads, half-closing clients, 100-continue, toxics that
/// arrive mid-body, several loops.
import FaultlineTestSupport
import Testing

@Suite(.serialized) struct HTTPEdgeTests {
    @Test func aRequestSentOneByteAtATimeIsStillDecidedOnce() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_abort","attributes":{"status":429,"path":"/limited"}}"#])
        let client = try h.client()
        for byte in HTTPReader.request("GET", "/limited", headers: ["X-Pad: " + String(repeating: "p", count: 100)]) {
            try client.socket.send([byte])
        }
        #expect(try client.readResponse().status == 429)
        #expect(try h.exchange(client, "GET", "/open").status == 200)
        #expect(h.figures.requests == 2 && h.faults("http_abort_downstream", "http_abort") == 1)
    }

    @Test func aClientThatHalfClosesAfterItsLastRequestStillGetsTheResponses() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_status","attributes":{"status":202}}"#])
        let client = try h.client()
        try client.socket.send(HTTPReader.request("GET", "/size/10") + HTTPReader.request("GET", "/size/20"))
        client.socket.shutdownWrite()
        #expect(try client.readResponse().status == 202)
        let second = try client.readResponse()
        #expect(second.status == 202 && second.bodyCount == 20)
        #expect(try client.rest() == [])
    }

    @Test func anAbortedRequestThatExpectsContinueIsAnsweredAtOnceAndClosed() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_abort","attributes":{"status":413}}"#])
        let client = try h.client()
        try client.socket.send(HTTPReader.request("PUT", "/upload", headers: ["Expect: 100-continue", "Content-Length: 1000000"]))
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        // The client sends its body anyway: it is read and dropped, never turned into an RST that eats the answer.
        try? client.socket.send([UInt8](repeating: 0x62, count: 1_000_000))
        #expect(try client.rest(timeout: 5) == [])
        #expect(h.origin.requestCount == 0)
    }

    @Test func aToxicAddedDuringADownloadWaitsForTheNextBoundary() throws {
        let h = try HTTPHarness()
        let client = try h.client()
        let size = 30_000_000
        try client.socket.send(HTTPReader.request("GET", "/stream/\(size)"))
        var digest = SHA256()
        var added = false
        let response = try client.readResponse(timeout: 60) { bytes in
            digest.update(bytes)
            if !added {
                added = true
                _ = try? h.add(#"{"name":"a","type":"http_abort","attributes":{"status":503}}"#)
            }
        }
        #expect(added && response.bodyCount == size)
        #expect(SHA256.hex(digest.finalize()) == h.origin.sentHash)
        #expect(try h.exchange(client, "GET", "/probe").status == 200)
        #expect(try h.exchange(client, "GET", "/next").status == 503)
    }

    @Test func liveEditsReachConnectionsOnEveryLoop() throws {
        let h = try HTTPHarness(threads: 2)
        let clients = try (0..<6).map { _ in try h.client() }
        try h.add(#"{"name":"a","type":"http_abort","attributes":{"status":503}}"#)
        for client in clients { #expect(try h.exchange(client, "GET", "/x").status == 503) }
        try h.remove("a")
        for client in clients { #expect(try h.exchange(client, "GET", "/x").status == 200) }
        #expect(h.figures.responses[503] == 6)
    }
}
