/// A one-shot HTTP peer for transport tests: accepts one connection, reads the request head, answers canned
/// bytes (or nothing) and closes, so the client's handling of odd servers can be pinned without Faultline.
import Dispatch
import FaultlineTestSupport
import Glibc
import Synchronization

final class CannedHTTPPeer: Sendable {
    let port: UInt16
    private let listener: CInt
    private let request = Mutex<[UInt8]>([])
    private let done = DispatchSemaphore(value: 0)

    /// `answer` nil: accept and read, but never answer (the client must time out).
    init(answer: [UInt8]?) throws {
        let (fd, port) = try LoopbackListener.open(backlog: 8)
        listener = fd
        self.port = port
        DispatchQueue.global().async { [self] in
            serve(fd, answer: answer)
            done.signal()
        }
    }

    /// The request bytes the peer received (complete once the client call returned).
    var received: String {
        String(decoding: request.withLock { $0 }, as: UTF8.self)
    }

    private func serve(_ listener: CInt, answer: [UInt8]?) {
        var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, 10_000) == 1 else { return }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        // Read until the head ends (and any Content-Length body), for at most 10 s.
        for _ in 0..<1000 {
            var readable = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard poll(&readable, 1, 10_000) == 1 else { return }
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            let complete = request.withLock { bytes -> Bool in
                bytes += buffer[..<count]
                return Self.isComplete(bytes)
            }
            if complete { break }
        }
        guard let answer else {
            // Hold the connection open until the client gives up and closes it.
            var hangup = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            _ = poll(&hangup, 1, 10_000)
            return
        }
        _ = answer.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL)) }
    }

    private static func isComplete(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.firstRange(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingPrefix(" "))
        else { return true }
        return text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length
    }

    /// A loopback port nothing listens on: bound to learn it, then closed.
    static func unusedPort() throws -> UInt16 {
        let (fd, port) = try LoopbackListener.open(backlog: 1)
        close(fd)
        return port
    }

    deinit {
        done.wait()
        close(listener)
    }
}
