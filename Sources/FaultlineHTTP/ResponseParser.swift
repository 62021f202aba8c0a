/// Incremental HTTP/1.x response parser for the client side (the CLI): the twin of `RequestParser`.
///
/// Bodies are delimited by `Content-Length`, chunking, or the end of the connection (call `finish()` on EOF).
/// Interim 1xx responses are skipped. A response to HEAD, and 204/304, has no body.
public struct ResponseParser: Sendable {
    /// What the buffered bytes amount to so far.
    public enum Event: Equatable, Sendable {
        case needMore
        case response(HTTPResponse)
        /// The bytes are not an HTTP response; the text says why.
        case failed(String)
    }

    private enum State: Sendable {
        case head(scan: Int)
        case fixedBody(HTTPResponse, length: Int)
        case chunkedBody(HTTPResponse, ChunkedBodyDecoder)
        case untilClose(HTTPResponse)
        case failed(String)
    }

    private let maxHeadBytes: Int
    private let maxBodyBytes: Int
    private var buffer: [UInt8] = []
    private var state = State.head(scan: 0)

    public init(maxHeadBytes: Int = 64 * 1024, maxBodyBytes: Int = 64 * 1024 * 1024) {
        self.maxHeadBytes = maxHeadBytes
        self.maxBodyBytes = maxBodyBytes
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    /// Advances as far as the buffered bytes allow; `method` is the request's (HEAD responses have no body).
    public mutating func next(answering method: HTTPMethod = .get) -> Event {
        // A loop, not recursion: any number of interim responses may be buffered.
        while true {
            switch state {
            case .failed(let reason):
                return .failed(reason)
            case .head(var scan):
                guard let end = MessageHead.findEnd(in: buffer, scan: &scan) else {
                    if scan > maxHeadBytes { return fail("response head too large") }
                    state = .head(scan: scan)
                    return .needMore
                }
                if end > maxHeadBytes { return fail("response head too large") }
                let lines = MessageHead.lines(buffer[..<end])
                buffer.removeFirst(end)
                guard let statusLine = lines.first, let (status, version) = Self.statusLine(statusLine),
                    let headers = MessageHead.fields(lines.dropFirst())
                else { return fail("malformed response head") }
                if (100..<200).contains(status.code) {
                    state = .head(scan: 0)
                    continue
                }
                let closes =
                    version.isAtLeast11
                    ? headers.containsToken("close", in: "Connection")
                    : !headers.containsToken("keep-alive", in: "Connection")
                let response = HTTPResponse(status: status, headers: headers, closesConnection: closes)
                if method == .head || !status.allowsBody { return complete(response, body: []) }
                if !headers.values("Transfer-Encoding").isEmpty {
                    state = .chunkedBody(
                        response,
                        ChunkedBodyDecoder(
                            maxBodyBytes: maxBodyBytes,
                            maxTrailerBytes: maxHeadBytes
                        )
                    )
                } else if let text = headers["Content-Length"] {
                    guard let length = MessageHead.contentLength(text) else { return fail("bad Content-Length") }
                    guard length <= maxBodyBytes else { return fail("response body too large") }
                    state = .fixedBody(response, length: length)
                } else {
                    var closing = response
                    closing.closesConnection = true
                    state = .untilClose(closing)
                }
                continue
            case .fixedBody(let response, let length):
                guard buffer.count >= length else { return .needMore }
                let body = Array(buffer[..<length])
                buffer.removeFirst(length)
                return complete(response, body: body)
            case .chunkedBody(let response, var decoder):
                var index = 0
                let progress = decoder.consume(buffer, from: &index)
                buffer.removeFirst(index)
                switch progress {
                case .needMore:
                    state = .chunkedBody(response, decoder)
                    return .needMore
                case .failed: return fail("malformed chunked body")
                case .done(let body): return complete(response, body: body)
                }
            case .untilClose:
                return buffer.count > maxBodyBytes ? fail("response body too large") : .needMore
            }
        }
    }

    /// The peer closed the connection: completes a body read until close, or reports a truncated response.
    public mutating func finish() -> Event {
        switch state {
        case .untilClose(let response):
            let body = buffer
            buffer = []
            return complete(response, body: body)
        case .head(let scan) where scan == 0 && buffer.isEmpty:
            return fail("connection closed before a response")
        case .failed(let reason):
            return .failed(reason)
        default:
            return fail("connection closed in the middle of a response")
        }
    }

    private mutating func complete(_ response: HTTPResponse, body: [UInt8]) -> Event {
        var response = response
        response.body = body
        state = .head(scan: 0)
        return .response(response)
    }

    private mutating func fail(_ reason: String) -> Event {
        state = .failed(reason)
        return .failed(reason)
    }

    /// `HTTP/1.1 200 OK` (the reason phrase may be empty or missing).
    private static func statusLine(_ line: ArraySlice<UInt8>) -> (HTTPStatus, HTTPVersion)? {
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let version = HTTPVersion(parts[0]), version.major == 1, parts[1].count == 3,
            parts[1].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let code = Int(String(decoding: parts[1], as: UTF8.self))
        else { return nil }
        let reason = parts.count == 3 ? String(decoding: parts[2], as: UTF8.self) : ""
        return (HTTPStatus(code: code, reasonPhrase: reason), version)
    }
}
