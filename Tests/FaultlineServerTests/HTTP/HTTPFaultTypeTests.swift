/// Every `http_*` type on real sockets: what the client receives, what the origin sees, on keep-alive connections.
import Testing

@Suite(.serialized) struct HTTPFaultTypeTests {
    @Test func abortAnswersInPlaceAndKeepsTheConnection() throws {
        let h = try HTTPHarness(toxics: [
            #"{"name":"pay","type":"http_abort","attributes":{"status":503,"body":"down","headers":{"Retry-After":"1"},"path":"/pay"}}"#
        ])
        let client = try h.client()
        let aborted = try h.exchange(client, "GET", "/pay")
        #expect(aborted.status == 503)
        #expect(aborted.bodyText == "down")
        #expect(aborted.header("Retry-After") == "1")
        let passed = try h.exchange(client, "GET", "/other")
        #expect(passed.status == 200)
        #expect(passed.header("X-Origin") == "yes")
        #expect(h.origin.received.count == 1 && h.origin.received[0].hasPrefix("GET /other "))
        #expect(h.faults("pay", "http_abort") == 1)
        #expect(h.figures.requests == 2)
        #expect(h.figures.responses[503] == 1 && h.figures.responses[200] == 1)
    }

    @Test func abortWithCloseEndsTheConnectionAfterTheAnswer() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_abort","attributes":{"status":500,"close":true}}"#])
        let client = try h.client()
        let response = try h.exchange(client, "GET", "/x")
        #expect(response.status == 500)
        #expect(response.header("Connection") == "close")
        #expect(try client.rest() == [])
        #expect(h.origin.requestCount == 0)
    }

    @Test func requestDelayHoldsTheRequestAndResponseDelayTheAnswer() throws {
        let h = try HTTPHarness(toxics: [
            #"{"name":"in","type":"http_delay","attributes":{"delay":300,"phase":"request","path":"/in"}}"#,
            #"{"name":"out","type":"http_delay","attributes":{"delay":300,"phase":"response","path":"/out"}}"#,
        ])
        let client = try h.client()
        for path in ["/in", "/out"] {
            let start = TestClock.now()
            #expect(try h.exchange(client, "GET", path).status == 200)
            #expect(TestClock.now() - start >= 0.3, "\(path)")
        }
        let start = TestClock.now()
        #expect(try h.exchange(client, "GET", "/fast").status == 200)
        #expect(TestClock.now() - start < 0.25)
    }

    @Test func resetBeforeRequestNeverReachesTheOrigin() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_reset","attributes":{"at":"before_request","path":"/r"}}"#])
        let client = try h.client()
        #expect(try h.exchange(client, "GET", "/ok").status == 200)
        try client.socket.send(HTTPReader.request("POST", "/r", body: "payload"))
        #expect(client.endsWithReset())
        #expect(h.origin.requestCount == 1)
    }

    @Test func resetAfterRequestLetsTheOriginDoTheWork() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_reset","attributes":{"at":"after_request"}}"#])
        let client = try h.client()
        try client.socket.send(HTTPReader.request("POST", "/charge", body: "42"))
        #expect(client.endsWithReset())
        #expect(TestClock.eventually { h.origin.received.contains { $0.hasPrefix("POST /charge ") } })
        #expect(TestClock.eventually { h.proxy.activeConnections() == 0 })
    }

    @Test func resetMidResponseDeliversTheCountThenRST() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_reset","attributes":{"at":"mid_response","bytes":1000}}"#])
        let client = try h.client()
        try client.socket.send(HTTPReader.request("GET", "/size/100000"))
        var got: [UInt8] = []
        var failure: Error?
        do {
            while true {
                let chunk = try client.socket.receive(timeout: 5)
                if chunk.isEmpty { break }
                got += chunk
            }
        } catch { failure = error }
        let text = String(decoding: got, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n"))
        let body = text.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false).last ?? ""
        #expect(body.utf8.count == 1000)
        #expect(failure as? BlockingSocket.Failure == .errno(104))
    }

    @Test(arguments: [true, false])
    func truncateCutsTheBodyAndCloses(lie: Bool) throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_truncate","attributes":{"bytes":10,"lie":\#(lie)}}"#])
        let client = try h.client()
        try client.socket.send(HTTPReader.request("GET", "/size/5000"))
        let bytes = try client.socket.receiveAll(timeout: 5)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Content-Length: \(lie ? 5000 : 10)\r\n"))
        let body = text.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false).last ?? ""
        #expect(body == "aaaaaaaaaa")
    }

    @Test func headerRewritesRequestsAndResponses() throws {
        let h = try HTTPHarness(toxics: [
            #"{"type":"http_header","attributes":{"phase":"request","set":{"X-Env":"chaos"},"remove":["X-Secret"]}}"#,
            #"{"name":"resp","type":"http_header","attributes":{"phase":"response","set":{"X-Faulted":"1"},"remove":["X-Origin"]}}"#,
        ])
        let client = try h.client()
        let response = try h.exchange(client, "GET", "/echo", headers: ["X-Secret: s3", "X-Keep: k"])
        #expect(response.header("X-Faulted") == "1")
        #expect(response.header("X-Origin") == nil)
        #expect(response.bodyText.split(separator: "\r\n").contains("X-Env: chaos"))
        #expect(response.bodyText.contains("X-Keep: k"))
        #expect(!response.bodyText.contains("X-Secret"))
    }

    @Test func statusRewritesTheStatusLineAndKeepsTheBody() throws {
        let h = try HTTPHarness(toxics: [#"{"type":"http_status","attributes":{"status":418,"methods":["GET"]}}"#])
        let client = try h.client()
        let response = try h.exchange(client, "GET", "/size/7")
        #expect(response.head.hasPrefix("HTTP/1.1 418 "))
        #expect(response.bodyText == "aaaaaaa")
        #expect(try h.exchange(client, "POST", "/size/3").status == 200)
    }

    @Test func headerFaultsObeyTheControlHeadersAndStripThem() throws {
        let h = try HTTPHarness(toxics: [#"{"name":"ctl","type":"http_header_faults","attributes":{}}"#])
        let client = try h.client()
        #expect(try h.exchange(client, "GET", "/a", headers: ["x-faultline-abort: 502"]).status == 502)
        let start = TestClock.now()
        let delayed = try h.exchange(client, "GET", "/b", headers: ["x-faultline-delay: 200"])
        #expect(TestClock.now() - start >= 0.2)
        #expect(delayed.status == 200)
        #expect(!delayed.bodyText.lowercased().contains("x-faultline"))
        #expect(h.faults("ctl", "http_abort") == 1 && h.faults("ctl", "http_delay") == 1)
        #expect(h.origin.requestCount == 1)
    }
}
