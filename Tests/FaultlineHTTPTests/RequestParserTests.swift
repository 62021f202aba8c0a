import Testing

/// The incremental request parser: every split of the input, pipelining, bodies, limits and refusals.
@testable import FaultlineHTTP

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Feeds `chunks` one after another and collects every event but `.needMore` (stopping at a failure).
private func drive(_ chunks: [[UInt8]], limits: RequestParser.Limits = .init()) -> [RequestParser.Event] {
    var parser = RequestParser(limits: limits)
    var events: [RequestParser.Event] = []
    for chunk in chunks {
        parser.feed(chunk)
        for _ in 0..<1000 {
            let event = parser.next()
            if event == .needMore { break }
            events.append(event)
            if case .failed = event { return events }
        }
    }
    return events
}

/// The events for `input` fed whole, split in two at every offset, and byte by byte, ignoring 100-continue
/// (which depends on where the split falls); all must agree.
private func eventsForEverySplit(_ input: [UInt8], limits: RequestParser.Limits = .init()) -> [RequestParser.Event] {
    let whole = drive([input], limits: limits).filter { $0 != .continueNeeded }
    for offset in 0...input.count {
        let split = drive([Array(input[..<offset]), Array(input[offset...])], limits: limits)
        #expect(split.filter { $0 != .continueNeeded } == whole, "split at \(offset)")
    }
    let single = drive(input.map { [$0] }, limits: limits)
    #expect(single.filter { $0 != .continueNeeded } == whole, "byte by byte")
    return whole
}

private func request(
    _ method: HTTPMethod,
    _ path: String,
    query: String? = nil,
    target: String? = nil,
    version: HTTPVersion = .http11,
    headers: HTTPHeaders,
    body: String = ""
) -> RequestParser.Event {
    .request(
        HTTPRequest(
            method: method,
            path: path,
            query: query,
            target: target,
            version: version,
            headers: headers,
            body: bytes(body)
        )
    )
}

@Suite struct RequestParserTests {
    @Test func simpleGet() {
        let events = eventsForEverySplit(bytes("GET /version HTTP/1.1\r\nHost: x\r\nUser-Agent: test\r\n\r\n"))
        #expect(events == [request(.get, "/version", headers: [("Host", "x"), ("User-Agent", "test")])])
    }

    @Test func bodyWithContentLength() {
        let input = bytes("POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n\r\n{\"name\":\"a\"}\n")
        #expect(
            eventsForEverySplit(input) == [
                request(
                    .post,
                    "/proxies",
                    headers: [("Host", "x"), ("Content-Length", "13")],
                    body: "{\"name\":\"a\"}\n"
                )
            ]
        )
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let input = bytes(
            "PATCH /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\nabcd\r\nA \r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"
        )
        #expect(
            eventsForEverySplit(input) == [
                request(
                    .patch,
                    "/p",
                    headers: [("Host", "x"), ("Transfer-Encoding", "chunked")],
                    body: "abcd0123456789"
                )
            ]
        )
    }

    @Test func chunkedOverridesContentLength() {
        let input = bytes(
            "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "2\r\nhi\r\n0\r\n\r\n"
        )
        #expect(
            eventsForEverySplit(input) == [
                request(
                    .post,
                    "/p",
                    headers: [("Host", "x"), ("Content-Length", "100"), ("Transfer-Encoding", "Chunked")],
                    body: "hi"
                )
            ]
        )
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let input = bytes(
            "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
                + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"
                + "\r\nDELETE /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        )
        #expect(
            eventsForEverySplit(input) == [
                request(.post, "/a", headers: [("Host", "x"), ("Content-Length", "2")], body: "hi"),
                request(.get, "/b", headers: [("Host", "x")]),
                request(.delete, "/c", headers: [("Host", "x"), ("Transfer-Encoding", "chunked")]),
            ]
        )
    }

    @Test func bareLineFeedsAreAccepted() {
        #expect(
            eventsForEverySplit(bytes("GET / HTTP/1.1\nHost: x\n\n")) == [request(.get, "/", headers: [("Host", "x")])]
        )
    }

    @Test func pathIsPercentDecodedAndQuerySplit() {
        let events = eventsForEverySplit(bytes("GET /proxies/a%20b%2Fc+d%C3%A9?x=%20 HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(
            events == [
                request(
                    .get,
                    "/proxies/a b/c+dé",
                    query: "x=%20",
                    target: "/proxies/a%20b%2Fc+d%C3%A9?x=%20",
                    headers: [("Host", "x")]
                )
            ]
        )
    }

    @Test func absoluteFormTargets() {
        let events = eventsForEverySplit(bytes("GET http://localhost:8474/proxies?a HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(
            events == [
                request(
                    .get,
                    "/proxies",
                    query: "a",
                    target: "http://localhost:8474/proxies?a",
                    headers: [("Host", "x")]
                )
            ]
        )
    }

    @Test func http10NeedsNoHostAndClosesByDefault() throws {
        let events = eventsForEverySplit(bytes("GET /version HTTP/1.0\r\n\r\n"))
        guard case .request(let parsed) = try #require(events.first) else {
            Issue.record("no request")
            return
        }
        #expect(parsed.version == .http10)
        #expect(!parsed.keepAlive)
    }

    @Test(
        arguments: [
            ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", true),
            ("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false),
            ("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, CLOSE\r\n\r\n", false),
            ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true), ("GET / HTTP/1.0\r\n\r\n", false),
        ] as [(String, Bool)]
    )
    func keepAlive(input: String, keepAlive: Bool) throws {
        let events = drive([bytes(input)])
        guard case .request(let parsed) = try #require(events.first) else {
            Issue.record("no request")
            return
        }
        #expect(parsed.keepAlive == keepAlive)
    }

    @Test func expectContinueIsReportedBeforeTheBody() {
        var parser = RequestParser()
        parser.feed(bytes("POST /p HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"))
        #expect(parser.next() == .continueNeeded)
        #expect(parser.next() == .needMore)
        parser.feed(bytes("ok"))
        #expect(
            parser.next()
                == request(
                    .post,
                    "/p",
                    headers: [
                        ("Host", "x"), ("Expect", "100-continue"),
                        ("Content-Length", "2"),
                    ],
                    body: "ok"
                )
        )
    }

    @Test func expectContinueWithoutBodyNeedsNoInterimResponse() {
        let events = drive([bytes("POST /reset HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n")])
        #expect(events == [request(.post, "/reset", headers: [("Host", "x"), ("Expect", "100-continue")])])
    }

    @Test func truncatedInputWaits() {
        let inputs = [
            "GET / HTTP/1.1\r\nHost: x\r\n", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabc",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabc", "\r\n\r\n\r",
        ]
        for input in inputs {
            #expect(drive([bytes(input)]).isEmpty, "\(input)")
        }
    }

    @Test(
        arguments: [
            ("GET / HTTP/1.1\r\n\r\n", HTTPStatus.badRequest),
            ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .badRequest),
            ("garbage\r\n\r\n", .badRequest),
            ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", .badRequest),
            ("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", .badRequest),
            ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", .badRequest),
            ("GET / HTTP/1\r\nHost: x\r\n\r\n", .badRequest),
            ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", .httpVersionNotSupported),
            ("GET nothing HTTP/1.1\r\nHost: x\r\n\r\n", .badRequest),
            ("GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", .badRequest),
            ("GET /a% HTTP/1.1\r\nHost: x\r\n\r\n", .badRequest),
            ("GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n", .badRequest),
            ("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", .badRequest),
            ("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n folded\r\n\r\n", .badRequest),
            ("GET / HTTP/1.1\r\nHost: x\r\nA: b\u{01}c\r\n\r\n", .badRequest),
            ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", .badRequest),
            ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 1\r\n\r\n", .badRequest),
            ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", .badRequest),
            ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", .notImplemented),
            (
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                .notImplemented
            ),
            ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .badRequest),
            ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", .badRequest),
            ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc", .badRequest),
            ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n11111111111111111\r\n", .badRequest),
            ("POST / HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n", .expectationFailed),
        ] as [(String, HTTPStatus)]
    )
    func refusedRequests(input: String, status: HTTPStatus) {
        #expect(eventsForEverySplit(bytes(input)) == [.failed(status)])
    }

    @Test func failureIsFinal() {
        var parser = RequestParser()
        parser.feed(bytes("garbage\r\n\r\n"))
        #expect(parser.next() == .failed(.badRequest))
        parser.feed(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(parser.next() == .failed(.badRequest))
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func headOver16KiBIs431WithOrWithoutItsEnd() {
        let filler = "X-Fill: " + String(repeating: "a", count: 16 * 1024) + "\r\n"
        #expect(
            drive([bytes("GET / HTTP/1.1\r\nHost: x\r\n" + filler + "\r\n")]) == [.failed(.requestHeaderFieldsTooLarge)]
        )
        #expect(drive([bytes("GET / HTTP/1.1\r\nHost: x\r\n" + filler)]) == [.failed(.requestHeaderFieldsTooLarge)])
        #expect(drive([bytes(String(repeating: "A", count: 20_000))]) == [.failed(.requestHeaderFieldsTooLarge)])
    }

    @Test func headJustUnderTheLimitParses() {
        let head = "GET / HTTP/1.1\r\nHost: x\r\nX-Fill: "
        let fill = String(repeating: "a", count: 16 * 1024 - head.utf8.count - 4)
        let events = drive([bytes(head + fill + "\r\n\r\n")])
        #expect(events.count == 1)
        #expect(events.first != .failed(.requestHeaderFieldsTooLarge))
    }

    @Test func bodyOver1MiBIs413AtOnce() {
        #expect(
            drive([bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n")]) == [
                .failed(.payloadTooLarge)
            ]
        )
        let exact = drive([
            bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n"),
            [UInt8](repeating: 0x61, count: 1_048_576),
        ])
        #expect(exact.count == 1)
        let chunk = "100000\r\n" + String(repeating: "b", count: 0x100000) + "\r\n"
        #expect(
            drive([bytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + "1\r\n")])
                == [.failed(.payloadTooLarge)]
        )
    }

    @Test func smallLimitsApply() {
        let limits = RequestParser.Limits(maxHeadBytes: 64, maxBodyBytes: 4)
        #expect(
            eventsForEverySplit(bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde"), limits: limits)
                == [.failed(.payloadTooLarge)]
        )
        #expect(
            eventsForEverySplit(
                bytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n"),
                limits: limits
            ) == [.failed(.payloadTooLarge)]
        )
    }
}

/// A small deterministic generator for garbage inputs (a test must not depend on luck).
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}

@Suite struct RequestParserGarbageTests {
    private static let pieces = [
        "GET ", "POST ", "/proxies", "/", " HTTP/1.1", " HTTP/1.0", "\r\n", "\n", "\r", "Host: x", "Content-Length: ",
        "3", "0", "-1", "Transfer-Encoding: chunked", "Expect: 100-continue", ":", " ", "abc", "%", "%2F", "\u{01}",
        "é", "\r\n\r\n", "ffffffffffffffffff", ";", "0\r\n\r\n",
    ]

    @Test func randomInputsNeverCrashAndDoNotDependOnSplits() {
        var random = TestRandom(seed: 42)
        for _ in 0..<300 {
            var input: [UInt8] = []
            for _ in 0..<random.next(below: 40) {
                input += Array(Self.pieces[random.next(below: Self.pieces.count)].utf8)
            }
            let whole = drive([input]).filter { $0 != .continueNeeded }
            let cut = random.next(below: input.count + 1)
            let split = drive([Array(input[..<cut]), Array(input[cut...])]).filter { $0 != .continueNeeded }
            #expect(split == whole, "input \(input) cut at \(cut)")
        }
    }
}

/// The route-dependent body limit: requests the limits pick may carry the large body, others stay small.
@Suite struct RequestParserBodyLimitTests {
    let limits = RequestParser.Limits(
        maxBodyBytes: 10, largeBodyBytes: 100, allowsLargeBody: { method, path in method == .post && path == "/big" })

    @Test func aPickedRouteTakesTheLargeLimit() {
        let body = String(repeating: "a", count: 50)
        let events = drive([bytes("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n" + body)], limits: limits)
        #expect(events.count == 1)
        if case .request(let request)? = events.first { #expect(request.body.count == 50) }
        let tooBig = drive([bytes("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n")], limits: limits)
        #expect(tooBig == [.failed(.payloadTooLarge)])
    }

    @Test func otherRoutesAndChunkedBodiesKeepTheSmallLimit() {
        let fixed = drive([bytes("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n")], limits: limits)
        #expect(fixed == [.failed(.payloadTooLarge)])
        let chunked = "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nc\r\naaaaaaaaaaaa\r\n0\r\n\r\n"
        #expect(drive([bytes(chunked)], limits: limits) == [.failed(.payloadTooLarge)])
        let big = "POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nc\r\naaaaaaaaaaaa\r\n0\r\n\r\n"
        #expect(drive([bytes(big)], limits: limits).count == 1)
    }
}
