/// Reads HTTP/1.1 messages off a blocking test socket: request heads for the origin, whole responses for clients.
import Glibc

final class HTTPReader {
    struct Request {
        var head: String
        var method: String
        var path: String
        var closes: Bool
    }

    /// One response: its head as text, the status, and the body (decoded when chunked, unless streamed to a sink).
    struct Response {
        var head: String
        var status: Int
        var body: [UInt8] = []
        /// Body bytes delivered (also when they went to a sink instead of `body`).
        var bodyCount = 0
        var bodyText: String { String(decoding: body, as: UTF8.self) }

        func header(_ name: String) -> String? {
            for line in head.split(separator: "\r\n").dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                if line[..<colon].lowercased() == name.lowercased() {
                    return String(line[line.index(after: colon)...].drop { $0 == " " })
                }
            }
            return nil
        }
    }

    let socket: BlockingSocket
    private var buffer: [UInt8] = []
    private var start = 0

    init(_ socket: BlockingSocket) { self.socket = socket }

    /// The request bytes a plain client sends.
    static func request(_ method: String = "GET", _ path: String, headers: [String] = [], body: String = "") -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: origin.test\r\n"
        for header in headers { text += header + "\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        return Array((text + "\r\n" + body).utf8)
    }

    /// One request (its body read and dropped); nil at EOF before a request starts.
    func readRequest(timeout: Double = 60) throws -> Request? {
        guard let head = try readHead(timeout: timeout) else { return nil }
        let line = head.prefix { $0 != "\r" }.split(separator: " ")
        let lower = head.lowercased()
        let length = Self.value(of: "content-length", in: lower).flatMap { Int($0) } ?? 0
        _ = try take(length, timeout: timeout)
        return Request(
            head: head, method: line.first.map(String.init) ?? "", path: line.count > 1 ? String(line[1]) : "",
            closes: Self.value(of: "connection", in: lower) == "close")
    }

    /// One response; the body goes to `sink` when given (large downloads), else into `body`.
    func readResponse(head isHEAD: Bool = false, timeout: Double = 10, sink: (([UInt8]) -> Void)? = nil) throws
        -> Response
    {
        guard let head = try readHead(timeout: timeout) else { throw BlockingSocket.Failure.closed }
        var response = Response(head: head, status: Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0)
        let deliver: ([UInt8]) -> Void = { bytes in
            response.bodyCount += bytes.count
            if let sink { sink(bytes) } else { response.body += bytes }
        }
        let lower = head.lowercased()
        if isHEAD || response.status / 100 == 1 || response.status == 204 || response.status == 304 { return response }
        if Self.value(of: "transfer-encoding", in: lower) == "chunked" {
            while true {
                let line = try readLine(timeout: timeout)
                let size = Int(line.prefix { $0 != ";" }, radix: 16) ?? 0
                if size == 0 {
                    while try !readLine(timeout: timeout).isEmpty {}
                    return response
                }
                try stream(size, timeout: timeout, deliver)
                _ = try readLine(timeout: timeout)
            }
        }
        if let length = Self.value(of: "content-length", in: lower).flatMap({ Int($0) }) {
            try stream(length, timeout: timeout, deliver)
        } else {
            while let bytes = try? more(timeout: timeout), !bytes.isEmpty { deliver(bytes) }
        }
        return response
    }

    /// What the socket says next after the messages read: EOF (`[]`), bytes, or the error (ECONNRESET…).
    func rest(timeout: Double = 5) throws -> [UInt8] {
        if start < buffer.count { return Array(buffer[start...]) }
        return try socket.receiveAll(timeout: timeout)
    }

    // MARK: Bytes

    private func readHead(timeout: Double) throws -> String? {
        while true {
            if let end = find([13, 10, 13, 10]) {
                let head = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end + 4
                return head
            }
            let bytes = try more(timeout: timeout)
            if bytes.isEmpty {
                if start == buffer.count { return nil }
                throw BlockingSocket.Failure.closed
            }
        }
    }

    private func readLine(timeout: Double) throws -> String {
        while true {
            if let end = find([13, 10]) {
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end + 2
                return line
            }
            if try more(timeout: timeout).isEmpty { throw BlockingSocket.Failure.closed }
        }
    }

    private func take(_ count: Int, timeout: Double) throws -> [UInt8] {
        var out: [UInt8] = []
        try stream(count, timeout: timeout) { out += $0 }
        return out
    }

    private func stream(_ count: Int, timeout: Double, _ deliver: ([UInt8]) -> Void) throws {
        var left = count
        while left > 0 {
            if start == buffer.count, try more(timeout: timeout).isEmpty { throw BlockingSocket.Failure.closed }
            let n = min(left, buffer.count - start)
            deliver(Array(buffer[start..<(start + n)]))
            start += n
            left -= n
        }
    }

    /// Reads once more; returns what arrived (empty at EOF).
    @discardableResult
    private func more(timeout: Double) throws -> [UInt8] {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        let bytes = try socket.receive(max: 1 << 20, timeout: timeout)
        buffer += bytes
        return bytes
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count - start >= pattern.count else { return nil }
        var index = start
        while index + pattern.count <= buffer.count {
            if buffer[index] == pattern[0] && Array(buffer[index..<(index + pattern.count)]) == pattern { return index }
            index += 1
        }
        return nil
    }

    private static func value(of name: String, in lowerHead: String) -> String? {
        for line in lowerHead.split(separator: "\r\n").dropFirst() where line.hasPrefix(name + ":") {
            return String(line.dropFirst(name.count + 1).drop { $0 == " " })
        }
        return nil
    }
}

extension SHA256 {
    static func hex(_ digest: [UInt8]) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
