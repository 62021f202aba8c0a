/// A raw HTTP/1.1 client for the admin API over a real socket: exact request bytes out, exact response bytes in.
import Glibc

/// One response as it came off the wire: the head split into lines, and the body bytes.
struct RawResponse {
    var statusLine: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var status: Int { Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0 }
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func headerCount(_ name: String) -> Int { headers.filter { $0.name.lowercased() == name.lowercased() }.count }

    /// The response as text with the parts that change per run replaced by placeholders: `Date` → `<date>`,
    /// a well-formed 20-character request id → `<id>` (a malformed one stays and fails the comparison), and
    /// every known port number → its name. `Content-Length` is recomputed for the normalised body.
    func normalized(_ ports: PortBook) -> String {
        let body = ports.normalize(bodyText)
        var text = statusLine + "\r\n"
        for (name, value) in headers {
            switch name {
            case "Date": text += "Date: <date>\r\n"
            case "X-Toxiproxy-Request-Id" where RawResponse.isRequestID(value): text += "\(name): <id>\r\n"
            case "Content-Length": text += "Content-Length: \(body.utf8.count)\r\n"
            default: text += "\(name): \(ports.normalize(value))\r\n"
            }
        }
        return text + "\r\n" + body
    }

    /// xid's shape: 20 characters of lowercase base32hex.
    static func isRequestID(_ value: String) -> Bool {
        value.utf8.count == 20 && value.utf8.allSatisfy { (48...57).contains($0) || (97...118).contains($0) }
    }
}

/// One keep-alive connection to the admin API.
final class AdminClient {
    let socket: BlockingSocket
    private var buffer: [UInt8] = []

    init(port: UInt16) throws { socket = try BlockingSocket.connect(port: port) }

    /// A client on a socket connected some other way (a Unix socket, a chosen source address).
    init(socket: BlockingSocket) { self.socket = socket }

    /// The request bytes a plain HTTP/1.1 client sends (Host, optional User-Agent, Content-Length for a body).
    static func request(
        _ method: String,
        _ target: String,
        _ body: String? = nil,
        userAgent: String? = "test",
        extra: String = ""
    ) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let userAgent { head += "User-Agent: \(userAgent)\r\n" }
        if let body { head += "Content-Length: \(body.utf8.count)\r\n" }
        return Array((head + extra + "\r\n" + (body ?? "")).utf8)
    }

    /// Sends one request and reads its response.
    func send(
        _ method: String,
        _ target: String,
        _ body: String? = nil,
        userAgent: String? = "test",
        extra: String = ""
    ) throws -> RawResponse {
        try socket.send(Self.request(method, target, body, userAgent: userAgent, extra: extra))
        return try readResponse(bodyless: method == "HEAD")
    }

    /// Reads one response: the head up to the blank line, then `Content-Length` bytes (none for HEAD, 1xx,
    /// 204 and 304), or everything up to EOF when the length is missing.
    func readResponse(bodyless: Bool = false, timeout: Double = 10) throws -> RawResponse {
        let deadline = TestClock.now() + timeout
        var end = try fill(until: deadline) { Self.headEnd(in: $0) }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        end += 4
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let headers = lines.map { line -> (name: String, value: String) in
            guard let colon = line.firstIndex(of: ":") else { return (line, "") }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        var response = RawResponse(statusLine: statusLine, headers: headers, body: [])
        let code = response.status
        let length: Int?
        if bodyless || code / 100 == 1 || code == 204 || code == 304 {
            length = 0
        } else {
            length = response.header("Content-Length").flatMap { Int($0) }
        }
        if let length {
            _ = try fill(until: deadline) { $0.count >= end + length ? end + length : nil }
            response.body = Array(buffer[end..<(end + length)])
            buffer.removeFirst(end + length)
        } else {
            while let chunk = try? socket.receive(max: 1 << 16, timeout: max(0, deadline - TestClock.now())),
                !chunk.isEmpty
            {
                buffer += chunk
            }
            response.body = Array(buffer[end...])
            buffer.removeAll()
        }
        return response
    }

    /// Reads until `done` finds what it needs in the buffer; throws on EOF or at the deadline.
    private func fill(until deadline: Double, _ done: ([UInt8]) -> Int?) throws -> Int {
        while true {
            if let result = done(buffer) { return result }
            let chunk = try socket.receive(max: 1 << 16, timeout: max(0, deadline - TestClock.now()))
            if chunk.isEmpty { throw BlockingSocket.Failure.closed }
            buffer += chunk
        }
    }

    private static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Whether the server has closed the connection (EOF within `timeout`, nothing else pending).
    func closedByServer(timeout: Double = 5) -> Bool {
        guard buffer.isEmpty else { return false }
        do {
            return try socket.receive(max: 1, timeout: timeout).isEmpty
        } catch BlockingSocket.Failure.errno(let code) {
            return code == ECONNRESET
        } catch {
            return false
        }
    }
}

extension BlockingSocket {
    /// Whether a read would return at once (data, EOF or an error), without waiting.
    var isReadableNow: Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, 0) > 0
    }
}
