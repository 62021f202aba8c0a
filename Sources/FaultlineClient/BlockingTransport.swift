/// One HTTP/1.1 request and its response over a fresh TCP connection, with a connect and a response timeout.
import FaultlineHTTP
import FaultlinePosix

public struct BlockingTransport: Sendable {
    public var endpoint: Endpoint
    /// Sent on every request (`faultline-cli/<version>`); Toxiproxy refuses only `Mozilla/…`.
    public var userAgent: String
    /// Per address tried (a name may resolve to several).
    public var connectTimeout: Duration
    /// For the whole exchange once connected: writing the request and reading the full response.
    public var responseTimeout: Duration
    /// Sent as `Authorization: Bearer <token>` on every request (a server with `--admin-token-file`); nil sends none.
    public var token: String?

    /// A transport to `endpoint`; nothing is connected until the first `send`.
    public init(
        endpoint: Endpoint, userAgent: String, connectTimeout: Duration, responseTimeout: Duration,
        token: String? = nil
    ) {
        self.endpoint = endpoint
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.token = token
    }

    /// Sends `method path` (appended to the endpoint's base path; already percent-encoded) with an optional JSON
    /// body and returns the response, whatever its status. One connection per request (`Connection: close`), so
    /// no state survives between calls and a half-read response can never be mistaken for the next one.
    public func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil) throws(ClientError) -> HTTPResponse {
        let socket = try connect()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: responseTimeout)
        try write(requestBytes(method, path, body: body), to: socket, deadline: deadline, clock: clock)
        return try readResponse(from: socket, answering: method, deadline: deadline, clock: clock)
    }

    func requestBytes(_ method: HTTPMethod, _ path: String, body: [UInt8]?) -> [UInt8] {
        var head = "\(method.rawValue) \(endpoint.basePath)\(path) HTTP/1.1\r\n"
        head += "Host: \(endpoint.authority)\r\nUser-Agent: \(userAgent)\r\nAccept: application/json\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let body {
            head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        } else if method == .post || method == .patch || method == .put {
            head += "Content-Length: 0\r\n"
        }
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + (body ?? [])
    }

    private func connect() throws(ClientError) -> TCPSocket {
        if let path = endpoint.socketPath {
            do throws(Errno) {
                return try LocalSocket.connect(path: path, timeout: connectTimeout)
            } catch {
                let reason = error == .timedOut ? "timed out after \(Self.text(connectTimeout))" : error.description
                let refused = error == .connectionRefused || error == .noSuchFile  // no socket file: no server
                throw .transport(
                    TransportError(step: .connect, address: endpoint.description, reason: reason, refused: refused))
            }
        }
        let addresses: [SocketAddress]
        switch Resolver.resolveBlocking(host: endpoint.host, port: endpoint.port) {
        case .success(let found): addresses = found
        case .failure(let error):
            throw .transport(TransportError(step: .resolve, address: error.host, reason: error.reason))
        }
        var failure = TransportError(step: .connect, address: endpoint.authority, reason: "no address")
        for address in addresses {
            do throws(Errno) {
                let socket = try TCPSocket.connect(to: address, timeout: connectTimeout)
                socket.setNoDelay()
                return socket
            } catch {
                let reason = error == .timedOut ? "timed out after \(Self.text(connectTimeout))" : error.description
                failure = TransportError(
                    step: .connect, address: address.description, reason: reason, refused: error == .connectionRefused)
            }
        }
        throw .transport(failure)
    }

    private func write(
        _ bytes: [UInt8], to socket: borrowing TCPSocket, deadline: ContinuousClock.Instant, clock: ContinuousClock
    ) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let result = try exchange { () throws(Errno) in
                // withUnsafeBytes rethrows untyped; a Result carries the Errno through it.
                try bytes[offset...].withUnsafeBytes { buffer in
                    Result { () throws(Errno) in try socket.write(buffer) }
                }.get()
            }
            switch result {
            case .processed(let count): offset += count
            case .wouldBlock:
                let remaining = clock.now.duration(to: deadline)
                guard try exchange({ () throws(Errno) in try socket.waitWritable(timeout: remaining) }) else {
                    throw exchangeFailure("timed out after \(Self.text(responseTimeout)) sending the request")
                }
            }
        }
    }

    private func readResponse(
        from socket: borrowing TCPSocket, answering method: HTTPMethod, deadline: ContinuousClock.Instant,
        clock: ContinuousClock
    ) throws(ClientError) -> HTTPResponse {
        var parser = ResponseParser()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            switch parser.next(answering: method) {
            case .response(let response): return response
            case .failed(let reason): throw .decoding(reason)
            case .needMore: break
            }
            let remaining = clock.now.duration(to: deadline)
            guard try exchange({ () throws(Errno) in try socket.waitReadable(timeout: remaining) }) else {
                throw exchangeFailure("timed out after \(Self.text(responseTimeout)) waiting for the response")
            }
            let result = try exchange { () throws(Errno) in
                try buffer.withUnsafeMutableBytes { raw in
                    Result { () throws(Errno) in try socket.read(into: raw) }
                }.get()
            }
            guard case .processed(let count) = result else { continue }
            if count == 0 {
                switch parser.finish() {
                case .response(let response): return response
                case .failed(let reason): throw exchangeFailure(reason)
                case .needMore: throw exchangeFailure("connection closed in the middle of a response")
                }
            }
            parser.feed(buffer[..<count])
        }
    }

    /// Runs one socket call; an errno ends the exchange with its text.
    private func exchange<T>(_ body: () throws(Errno) -> T) throws(ClientError) -> T {
        do throws(Errno) { return try body() } catch { throw exchangeFailure(error.description) }
    }

    private func exchangeFailure(_ reason: String) -> ClientError {
        .transport(TransportError(step: .exchange, address: endpoint.authority, reason: reason))
    }

    /// `5s`, `250ms`: durations in messages.
    static func text(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        return milliseconds == 0 ? "\(seconds)s" : "\(seconds * 1000 + milliseconds)ms"
    }
}
