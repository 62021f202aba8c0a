/// A tiny HTTP/1.1 server on 127.0.0.1 for probes to hit: one thread per connection, one response, then close.
import FaultlineTestSupport
import Glibc
import Synchronization

final class LoopbackHTTPServer: Sendable {
    /// What to answer: a status, a body and extra header lines, or nothing at all (held open until closed).
    enum Answer: Sendable {
        case respond(status: Int, body: String, headers: [String] = [])
        /// Answers like `respond` once the gate opens (at most 60 s).
        case held(Gate, status: Int, body: String, headers: [String] = [])
        case silence
    }

    private final class State: Sendable {
        let requests = Mutex<[String]>([])
    }

    private let acceptor: LoopbackAcceptor
    private let state = State()

    var port: UInt16 { acceptor.port }

    /// Every request received so far (head and body), in order.
    var received: [String] { state.requests.withLock { $0 } }

    init(_ answer: @escaping @Sendable (String) -> Answer = { _ in .respond(status: 200, body: "ok") }) throws {
        let state = self.state
        acceptor = try LoopbackAcceptor { client, acceptor in
            Thread.detach { Self.serve(client, answer: answer, state: state, acceptor: acceptor) }
        }
    }

    private static func serve(
        _ fd: CInt, answer: (String) -> Answer, state: State, acceptor: LoopbackAcceptor
    ) {
        defer { close(fd) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil, received.count < 65536 {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            received += buffer[..<count]
            headEnd = received.indices.dropLast(3).first { received[$0..<$0 + 4].elementsEqual(separator) }
        }
        guard let headEnd else { return }
        let head = String(decoding: received[..<(headEnd + 4)], as: UTF8.self)
        let length =
            head.split(separator: "\r\n").compactMap { line -> Int? in
                guard line.lowercased().hasPrefix("content-length:") else { return nil }
                return Int(line.dropFirst("content-length:".count).trimmingPrefix(" "))
            }.first ?? 0
        var body = Array(received[(headEnd + 4)...])
        while body.count < min(length, 1 << 20) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            body += buffer[..<count]
        }
        let text = head + String(decoding: body, as: UTF8.self)
        state.requests.withLock { $0.append(text) }
        var decision = answer(text)
        if case .held(let gate, let status, let body, let headers) = decision {
            _ = gate.wait(timeout: 60)
            decision = .respond(status: status, body: body, headers: headers)
        }
        switch decision {
        case .held: break
        case .respond(let status, let body, let headers):
            let extra = headers.map { $0 + "\r\n" }.joined()
            let response =
                "HTTP/1.1 \(status) Status\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
                + "\(extra)\r\n\(body)"
            let bytes = Array(response.utf8)
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL)) }
        case .silence:
            // Hold the connection until the client gives up (EOF) or the server stops.
            while !acceptor.isStopped {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, 100) > 0 {
                    let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if count <= 0 { return }
                }
            }
        }
    }

    func stop() { acceptor.stop() }

    deinit { stop() }
}
