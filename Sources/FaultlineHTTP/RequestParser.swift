/// Incremental HTTP/1.x request parser: feed bytes split anywhere, take out complete requests one by one.
///
/// Sans-IO: the caller owns the socket. After `.request` call `next()` again, since pipelined requests may
/// already be buffered. `.continueNeeded` asks the caller to write `HTTPWriter.continueResponse` once.
/// `.failed` is final: answer with that status and close the connection.
public struct RequestParser: Sendable {
    /// Size limits; exceeding them fails with 431 (head) or 413 (body).
    public struct Limits: Sendable {
        /// Request line plus headers (and chunked trailers).
        public var maxHeadBytes: Int
        public var maxBodyBytes: Int
        /// The body limit of requests `allowsLargeBody` picks (bulk uploads such as a whole config).
        public var largeBodyBytes: Int
        public var allowsLargeBody: @Sendable (_ method: HTTPMethod, _ path: String) -> Bool

        public init(
            maxHeadBytes: Int = 16 * 1024, maxBodyBytes: Int = 1024 * 1024, largeBodyBytes: Int = 1024 * 1024,
            allowsLargeBody: @escaping @Sendable (HTTPMethod, String) -> Bool = { _, _ in false }
        ) {
            self.maxHeadBytes = maxHeadBytes
            self.maxBodyBytes = maxBodyBytes
            self.largeBodyBytes = largeBodyBytes
            self.allowsLargeBody = allowsLargeBody
        }

        /// The body limit for one request.
        func bodyLimit(_ request: HTTPRequest) -> Int {
            allowsLargeBody(request.method, request.path) ? max(maxBodyBytes, largeBodyBytes) : maxBodyBytes
        }
    }

    /// What the buffered bytes amount to so far.
    public enum Event: Equatable, Sendable {
        case needMore
        /// The client sent `Expect: 100-continue` and waits for an interim `100 Continue` before the body.
        case continueNeeded
        case request(HTTPRequest)
        case failed(HTTPStatus)
    }

    private enum State: Sendable {
        case head(scan: Int)
        case fixedBody(HTTPRequest, length: Int)
        case chunkedBody(HTTPRequest, ChunkedBodyDecoder)
        case failed(HTTPStatus)
    }

    private let limits: Limits
    private var buffer: [UInt8] = []
    private var state = State.head(scan: 0)
    private var continuePending = false

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Bytes received but not yet part of a returned request.
    public var bufferedByteCount: Int { buffer.count }

    /// Appends bytes from the socket.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        if case .failed = state { return }
        buffer.append(contentsOf: bytes)
    }

    /// Advances as far as the buffered bytes allow.
    public mutating func next() -> Event {
        switch state {
        case .failed(let status):
            return .failed(status)
        case .head(var scan):
            if scan == 0 {
                skipLeadingBlankLines()
                // A lone CR may be half of a blank line's CR LF: wait rather than scan past it.
                if buffer == [MessageHead.cr] { return .needMore }
            }
            guard let end = MessageHead.findEnd(in: buffer, scan: &scan) else {
                if scan > limits.maxHeadBytes { return fail(.requestHeaderFieldsTooLarge) }
                state = .head(scan: scan)
                return .needMore
            }
            if end > limits.maxHeadBytes { return fail(.requestHeaderFieldsTooLarge) }
            let head = Array(buffer[..<end])
            buffer.removeFirst(end)
            let parsed: RequestHead
            do throws(RequestHead.Refusal) {
                parsed = try RequestHead.parse(head, limits: limits)
            } catch {
                return fail(error.status)
            }
            continuePending = parsed.expectsContinue
            switch parsed.framing {
            case .none: return complete(parsed.request, body: [])
            case .length(let length): state = .fixedBody(parsed.request, length: length)
            case .chunked:
                let decoder = ChunkedBodyDecoder(
                    maxBodyBytes: limits.bodyLimit(parsed.request),
                    maxTrailerBytes: limits.maxHeadBytes
                )
                state = .chunkedBody(parsed.request, decoder)
            }
            return next()
        case .fixedBody(let request, let length):
            guard buffer.count >= length else { return continueOrNeedMore() }
            let body = Array(buffer[..<length])
            buffer.removeFirst(length)
            return complete(request, body: body)
        case .chunkedBody(let request, var decoder):
            var index = 0
            let progress = decoder.consume(buffer, from: &index)
            buffer.removeFirst(index)
            switch progress {
            case .needMore:
                state = .chunkedBody(request, decoder)
                return continueOrNeedMore()
            case .failed(let status): return fail(status)
            case .done(let body): return complete(request, body: body)
            }
        }
    }

    private mutating func continueOrNeedMore() -> Event {
        guard continuePending else { return .needMore }
        continuePending = false
        return .continueNeeded
    }

    private mutating func complete(_ request: HTTPRequest, body: [UInt8]) -> Event {
        var request = request
        request.body = body
        state = .head(scan: 0)
        continuePending = false
        return .request(request)
    }

    private mutating func fail(_ status: HTTPStatus) -> Event {
        state = .failed(status)
        buffer = []
        return .failed(status)
    }

    /// RFC 9112 §2.2: empty lines before a request line are ignored (clients add them after bodies).
    private mutating func skipLeadingBlankLines() {
        var count = 0
        while count < buffer.count {
            if buffer[count] == MessageHead.lf {
                count += 1
            } else if buffer[count] == MessageHead.cr, count + 1 < buffer.count, buffer[count + 1] == MessageHead.lf {
                count += 2
            } else {
                break
            }
        }
        buffer.removeFirst(count)
    }
}
