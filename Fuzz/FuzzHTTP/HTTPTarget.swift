/// The HTTP fuzz target: both parsers agree with themselves however the bytes are split, what the writer produces
/// reads back through the client's parser, and the admin API answers every parsed request sanely.
import FaultlineHTTP
import FuzzSupport

/// Input: `[split][flags] bytes…`. `split` picks where the bytes are cut in two; `flags` bit 0 selects tiny
/// limits (so 431 and 413 are reachable), bit 1 also feeds small inputs byte by byte, bit 2 reads responses as
/// answers to HEAD, bit 3 makes the written response close the connection, bits 4–7 pick its status.
enum HTTPTarget {
    static let statuses: [HTTPStatus] = [.ok, .created, .noContent, .notModified, .badRequest, .notFound, .conflict]

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let split = input.byte()
        let flags = input.byte()
        let data = input.rest
        let at = FuzzInput.position(split, in: data.count)
        let pieces = [Array(data[..<at]), Array(data[at...])]

        let limits =
            flags & 1 == 0 ? RequestParser.Limits() : RequestParser.Limits(maxHeadBytes: 64, maxBodyBytes: 16)
        let whole = RequestRun(feeding: [data], limits: limits)
        let halves = RequestRun(feeding: pieces, limits: limits)
        require(whole == halves, "request parser: whole \(whole) but split at \(at) \(halves)")
        if flags & 2 != 0 && data.count <= 64 {
            let single = RequestRun(feeding: data.map { [$0] }, limits: limits)
            require(whole == single, "request parser: whole \(whole) but byte by byte \(single)")
        }
        for request in whole.requests {
            require(request.body.count <= limits.maxBodyBytes, "request body over the limit")
            WriterRoundTrip.check(request, flags: flags)
            RouteCheck.check(request)
        }
        AdminCheck.check(whole.requests)

        let method: HTTPMethod = flags & 4 == 0 ? .get : .head
        let wholeResponses = ResponseRun(feeding: [data], answering: method)
        let splitResponses = ResponseRun(feeding: pieces, answering: method)
        require(
            wholeResponses == splitResponses,
            "response parser: whole \(wholeResponses) but split at \(at) \(splitResponses)")
    }
}

/// Everything a request parser made of some bytes fed in pieces, draining it after each piece.
struct RequestRun: Equatable, CustomStringConvertible {
    var requests: [HTTPRequest] = []
    /// `.needMore` or `.failed`: where the parser stopped.
    var end = RequestParser.Event.needMore

    init(feeding pieces: [[UInt8]], limits: RequestParser.Limits) {
        var parser = RequestParser(limits: limits)
        var fed = 0
        for piece in pieces {
            parser.feed(piece)
            fed += piece.count
            // Each request consumes at least its request line, so more rounds than bytes means no progress.
            var rounds = 0
            drain: while true {
                rounds += 1
                require(rounds <= fed + 2, "request parser makes no progress")
                switch parser.next() {
                case .request(let request): requests.append(request)
                case .continueNeeded: continue
                case .needMore:
                    end = .needMore
                    break drain
                case .failed(let status):
                    end = .failed(status)
                    break drain
                }
            }
            require(parser.bufferedByteCount <= fed, "parser holds more bytes than it was fed")
            if case .failed = end { return }
        }
    }

    var description: String { "\(requests.count) requests, then \(end)" }
}

/// Everything a response parser made of some bytes fed in pieces, then of the connection closing.
struct ResponseRun: Equatable, CustomStringConvertible {
    var responses: [HTTPResponse] = []
    var end = ResponseParser.Event.needMore
    var atClose = ResponseParser.Event.needMore

    init(feeding pieces: [[UInt8]], answering method: HTTPMethod) {
        var parser = ResponseParser(maxHeadBytes: 256, maxBodyBytes: 1024)
        var fed = 0
        for piece in pieces {
            parser.feed(piece)
            fed += piece.count
            var rounds = 0
            drain: while true {
                rounds += 1
                require(rounds <= fed + 2, "response parser makes no progress")
                switch parser.next(answering: method) {
                case .response(let response): responses.append(response)
                case let other:
                    end = other
                    break drain
                }
            }
        }
        atClose = parser.finish()
        if case .response(let response) = atClose {
            require(response.closesConnection, "a body read to the close must close the connection")
        }
    }

    var description: String { "\(responses.count) responses, then \(end), at close \(atClose)" }
}
