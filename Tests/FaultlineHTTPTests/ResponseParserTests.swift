/// The client-side response parser: framing by length, chunks or close; interim and bodiless responses.
import FaultlineHTTP
import Testing

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func parseAll(_ input: [UInt8], method: HTTPMethod = .get, eof: Bool = false) -> [ResponseParser.Event] {
    var parser = ResponseParser()
    parser.feed(input)
    var events: [ResponseParser.Event] = []
    for _ in 0..<100 {
        let event = parser.next(answering: method)
        if event == .needMore { break }
        events.append(event)
        if case .failed = event { return events }
    }
    if eof { events.append(parser.finish()) }
    return events
}

@Suite struct ResponseParserTests {
    @Test func contentLengthAtEverySplit() {
        let input = bytes("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        for offset in 0...input.count {
            var parser = ResponseParser()
            parser.feed(input[..<offset])
            var event = parser.next()
            if event == .needMore {
                parser.feed(input[offset...])
                event = parser.next()
            }
            #expect(
                event
                    == .response(
                        HTTPResponse(
                            status: HTTPStatus(code: 201, reasonPhrase: "Created"),
                            headers: [("Content-Type", "application/json"), ("Content-Length", "2")],
                            body: bytes("{}")
                        )
                    ),
                "split at \(offset)"
            )
        }
    }

    @Test func chunkedAndInterimResponses() throws {
        let input = bytes(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        )
        guard case .response(let response) = try #require(parseAll(input).first) else {
            Issue.record("no response")
            return
        }
        #expect(response.status.code == 200)
        #expect(response.bodyText == "abc")
    }

    @Test func manyInterimResponsesAreSkippedWithoutRecursion() throws {
        let interim = String(repeating: "HTTP/1.1 100 Continue\r\n\r\n", count: 2000)
        let events = parseAll(bytes(interim + "HTTP/1.1 204 No Content\r\n\r\n"))
        #expect(events == [.response(HTTPResponse(status: .noContent))])
    }

    @Test func bodyUntilClose() throws {
        let events = parseAll(bytes("HTTP/1.0 200 OK\r\n\r\nhello"), eof: true)
        guard case .response(let response) = try #require(events.first) else {
            Issue.record("no response")
            return
        }
        #expect(response.bodyText == "hello")
        #expect(response.closesConnection)
    }

    @Test func bodilessResponses() {
        let noContent = parseAll(
            bytes("HTTP/1.1 204 No Content\r\nDate: x\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nx")
        )
        #expect(noContent.count == 2)
        let head = parseAll(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"), method: .head)
        #expect(head == [.response(HTTPResponse(status: .ok, headers: [("Content-Length", "10")]))])
    }

    @Test func connectionCloseIsReported() throws {
        let events = parseAll(bytes("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))
        guard case .response(let response) = try #require(events.first) else {
            Issue.record("no response")
            return
        }
        #expect(response.closesConnection)
        #expect(response.status.reasonPhrase == "Bad Request")
    }

    @Test(arguments: [
        "garbage\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
    ])
    func malformed(input: String) {
        guard case .failed = parseAll(bytes(input)).first else {
            Issue.record("accepted \(input)")
            return
        }
    }

    @Test func truncatedResponsesFailAtEOF() {
        #expect(
            parseAll(bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab"), eof: true)
                == [.failed("connection closed in the middle of a response")]
        )
        #expect(parseAll([], eof: true) == [.failed("connection closed before a response")])
    }
}
