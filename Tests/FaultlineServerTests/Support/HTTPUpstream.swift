/// A keep-alive HTTP/1.1 origin for tests: answers by path, counts and records the requests it received.
import FaultlineCore
import Synchronization

/// Paths (by their last two segments): `/size/N` (N bytes, Content-Length), `/chunked/N` (N seeded bytes in 64 KiB chunks; `sentHash` is their
/// SHA-256), `/stream/N` (N seeded bytes, Content-Length, written in 256 KiB pieces), `/close/N` (N bytes delimited by
/// the close); anything else answers with the request's head as its body (so tests see what the origin received).
final class HTTPUpstream: Sendable {
    /// What the connection threads record.
    private final class Record: Sendable {
        let heads = Mutex<[String]>([])
        let hash = Mutex<String?>(nil)
    }

    private let server: TestUpstream
    private let record = Record()

    var port: UInt16 { server.port }
    /// Request heads received, in order (across connections).
    var received: [String] { record.heads.withLock { $0 } }
    var requestCount: Int { record.heads.withLock { $0.count } }
    /// SHA-256 of the last `/chunked/` or `/stream/` body the origin finished sending.
    var sentHash: String? { record.hash.withLock { $0 } }

    init() throws {
        let record = self.record
        server = try TestUpstream { socket in
            let reader = HTTPReader(socket)
            while let request = try? reader.readRequest() {
                record.heads.withLock { $0.append(request.head) }
                guard (try? Self.answer(request, on: socket, record: record)) != nil, !request.closes else { break }
            }
            socket.close()
        }
    }

    private static func answer(_ request: HTTPReader.Request, on socket: BlockingSocket, record: Record) throws {
        // The last two segments decide (`/f/x/size/10` is `/size/10`), so a fault can match a prefix.
        let parts = request.path.split(separator: "/").suffix(2)
        let size = parts.count == 2 ? Int(parts.last ?? "") ?? 0 : 0
        let head = request.method == "HEAD"
        switch parts.count == 2 ? parts.first : nil {
        case "size"?:
            try socket.send("HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\nX-Origin: yes\r\n\r\n")
            if !head { try socket.send([UInt8](repeating: 0x61, count: size)) }
        case "close"?:
            try socket.send("HTTP/1.1 200 OK\r\nX-Origin: yes\r\n\r\n")
            try socket.send([UInt8](repeating: 0x62, count: size))
            socket.shutdownWrite()
            throw BlockingSocket.Failure.closed
        case "chunked"?, "stream"?:
            let chunked = parts.first == "chunked"
            let framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: \(size)"
            try socket.send("HTTP/1.1 200 OK\r\n\(framing)\r\nX-Origin: yes\r\n\r\n")
            var digest = SHA256()
            var generator = SplitMix64(seed: UInt64(size))
            var left = size
            while left > 0 {
                let piece = Payload.random(count: min(left, chunked ? 64 << 10 : 256 << 10), seed: generator.next())
                digest.update(piece)
                if chunked { try socket.send(String(piece.count, radix: 16) + "\r\n") }
                try socket.send(piece)
                if chunked { try socket.send("\r\n") }
                left -= piece.count
            }
            if chunked { try socket.send("0\r\n\r\n") }
            let text = SHA256.hex(digest.finalize())
            record.hash.withLock { $0 = text }
        default:
            let body = Array(request.head.utf8)
            try socket.send("HTTP/1.1 200 OK\r\nContent-Length: \(head ? 0 : body.count)\r\nX-Origin: yes\r\n\r\n")
            if !head { try socket.send(body) }
        }
    }
}
