/// The request line and headers of one request, checked as Go's net/http server checks them.
struct RequestHead {
    /// How the body is delimited.
    enum Framing: Equatable {
        case none
        case length(Int)
        case chunked
    }

    /// The status Go's server answers a head it refuses with.
    struct Refusal: Error, Equatable {
        var status: HTTPStatus
    }

    var request: HTTPRequest
    var framing: Framing
    var expectsContinue: Bool

    /// Parses a complete head (through its blank line), or gives the status Go's server would answer.
    static func parse(_ head: [UInt8], limits: RequestParser.Limits) throws(Refusal) -> RequestHead {
        let lines = MessageHead.lines(head[...])
        guard let requestLine = lines.first else { throw Refusal(status: .badRequest) }
        // `METHOD SP target SP HTTP/x.y`, single spaces exactly.
        let parts = requestLine.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(MessageHead.isTokenByte) else {
            throw Refusal(status: .badRequest)
        }
        guard let version = HTTPVersion(parts[2]) else { throw Refusal(status: .badRequest) }
        guard version.major == 1 else { throw Refusal(status: .httpVersionNotSupported) }
        guard let (path, query) = RequestTarget.parse(Array(parts[1])) else { throw Refusal(status: .badRequest) }
        guard let headers = MessageHead.fields(lines.dropFirst()) else { throw Refusal(status: .badRequest) }
        if version.isAtLeast11 && headers.values("Host").count != 1 { throw Refusal(status: .badRequest) }
        if headers.values("Host").count > 1 { throw Refusal(status: .badRequest) }

        let request = HTTPRequest(
            method: HTTPMethod(rawValue: String(decoding: parts[0], as: UTF8.self)),
            path: path,
            query: query,
            target: String(decoding: parts[1], as: UTF8.self),
            version: version,
            headers: headers
        )
        let framing = try bodyFraming(headers, version: version, maxBodyBytes: limits.bodyLimit(request))
        var expectsContinue = false
        if headers.containsToken("100-continue", in: "Expect") {
            expectsContinue = version.isAtLeast11 && framing != .none && framing != .length(0)
        } else if let expect = headers["Expect"], !expect.isEmpty {
            throw Refusal(status: .expectationFailed)
        }
        return RequestHead(request: request, framing: framing, expectsContinue: expectsContinue)
    }

    /// Go's rules: one `Transfer-Encoding: chunked` (HTTP/1.1 only; anything else 501) overrides
    /// `Content-Length`; repeated lengths must agree; a request without either has no body.
    private static func bodyFraming(
        _ headers: HTTPHeaders,
        version: HTTPVersion,
        maxBodyBytes: Int
    ) throws(Refusal) -> Framing {
        let lengths = headers.values("Content-Length")
        if let first = lengths.first, lengths.contains(where: { $0 != first }) { throw Refusal(status: .badRequest) }
        let encodings = headers.values("Transfer-Encoding")
        if version.isAtLeast11 && !encodings.isEmpty {
            guard encodings.count == 1, HTTPHeaders.sameName(encodings[0], "chunked") else {
                throw Refusal(status: .notImplemented)
            }
            return .chunked
        }
        guard let text = lengths.first, !text.isEmpty else { return .none }
        guard let length = MessageHead.contentLength(text) else { throw Refusal(status: .badRequest) }
        if length > maxBodyBytes { throw Refusal(status: .payloadTooLarge) }
        return length == 0 ? .none : .length(length)
    }
}
