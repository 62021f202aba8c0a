/// The transport against odd peers: what it sends, timeouts, refused connections, garbage and non-JSON answers.
import FaultlineClient
import FaultlineCore
import Testing

@Suite struct BlockingTransportTests {
    private func client(_ port: UInt16, responseTimeout: Duration = .seconds(10)) -> Client {
        Client(endpoint: Endpoint(host: "127.0.0.1", port: port), responseTimeout: responseTimeout)
    }

    @Test func sendsOneJSONRequestWithOurUserAgentAndClose() throws {
        let peer = try CannedHTTPPeer(answer: Array("HTTP/1.1 204 No Content\r\n\r\n".utf8))
        try client(peer.port).removeToxic(named: "a b", from: "p/q")
        let head = peer.received
        #expect(head.hasPrefix("DELETE /proxies/p%2Fq/toxics/a%20b HTTP/1.1\r\n"))
        #expect(head.contains("\r\nHost: 127.0.0.1:\(peer.port)\r\n"))
        #expect(head.contains("\r\nUser-Agent: faultline-cli/\(FaultlineVersion.current)\r\n"))
        #expect(head.contains("\r\nConnection: close\r\n"))
    }

    @Test func bodiesAreCompactJSONWithALength() throws {
        let answer = #"{"name":"p","listen":"127.0.0.1:1","upstream":"u:1","enabled":false,"Logger":{},"toxics":[]}"#
        let peer = try CannedHTTPPeer(
            answer: Array("HTTP/1.1 200 OK\r\nContent-Length: \(answer.utf8.count)\r\n\r\n\(answer)".utf8))
        let proxy = try client(peer.port).update(proxy: "p", enabled: false)
        #expect(proxy == ProxyInfo(name: "p", listen: "127.0.0.1:1", upstream: "u:1", enabled: false))
        let body = #"{"enabled":false}"#
        #expect(peer.received.hasPrefix("PATCH /proxies/p HTTP/1.1\r\n"))
        #expect(peer.received.contains("\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"))
        #expect(peer.received.hasSuffix("\r\n\r\n" + body))
    }

    @Test func aSilentServerTimesOut() throws {
        let peer = try CannedHTTPPeer(answer: nil)
        let thrown = #expect(throws: ClientError.self) {
            try client(peer.port, responseTimeout: .milliseconds(200)).proxies()
        }
        let expected = TransportError(
            step: .exchange, address: "127.0.0.1:\(peer.port)", reason: "timed out after 200ms waiting for the response"
        )
        #expect(thrown == .transport(expected))
    }

    @Test func aClosedPortIsRefused() throws {
        let port = try CannedHTTPPeer.unusedPort()
        let thrown = #expect(throws: ClientError.self) { try client(port).reset() }
        #expect(
            thrown
                == .transport(
                    TransportError(
                        step: .connect, address: "127.0.0.1:\(port)", reason: "connection refused", refused: true)))
        #expect(thrown?.description == "cannot connect to 127.0.0.1:\(port): connection refused")
    }

    @Test func anUnknownHostFailsTheLookup() throws {
        let thrown = #expect(throws: ClientError.self) { try Client(url: "nope.invalid:8474").proxies() }
        guard case .transport(let error) = thrown else { Issue.record("expected a transport error"); return }
        #expect(error.step == .resolve)
        #expect(error.address == "nope.invalid")
    }

    @Test(arguments: [
        // (answer, expected error)
        ("garbage\r\n\r\n", ClientError.decoding("malformed response head")),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            .decoding("not JSON (invalid character 'h' looking for beginning of value): hello")
        ),
        ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]", .decoding("GET /proxies did not answer an object")),
        (
            "HTTP/1.1 403 Forbidden\r\nContent-Length: 22\r\n\r\nUser agent not allowed\n",
            .api(status: 403, message: "User agent not allowed")
        ),
        (
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n",
            .api(status: 405, message: "Method Not Allowed")
        ),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"a\":",
            .transport(
                TransportError(step: .exchange, address: "", reason: "connection closed in the middle of a response"))
        ),
    ])
    func oddAnswers(_ answer: String, expected: ClientError) throws {
        let peer = try CannedHTTPPeer(answer: Array(answer.utf8))
        let thrown = #expect(throws: ClientError.self) { try client(peer.port).proxies() }
        if case .transport(var error) = expected {
            error.address = "127.0.0.1:\(peer.port)"
            #expect(thrown == .transport(error))
        } else {
            #expect(thrown == expected)
        }
    }

    @Test func chunkedAndUntilCloseBodiesAreRead() throws {
        let chunked = try CannedHTTPPeer(
            answer: Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n".utf8))
        #expect(try client(chunked.port).proxies().isEmpty)
        let untilClose = try CannedHTTPPeer(answer: Array("HTTP/1.0 200 OK\r\n\r\n2.5.0".utf8))
        #expect(try client(untilClose.port).version() == "2.5.0")
    }
}
