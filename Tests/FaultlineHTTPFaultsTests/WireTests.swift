/// The incremental pieces under the engine: start-line sniffing, head scanning with caps, chunked framing.
import Testing

@testable import FaultlineHTTPFaults

private func scan(_ text: String, kind: StartLineSniffer.Kind = .request, max: Int = 65536, fields: Int = 256)
    -> HeadScanner.Outcome
{
    var scanner = HeadScanner(kind, maxBytes: max, maxFields: fields)
    return Array(text.utf8).withUnsafeBytes { scanner.scan($0, from: 0) }
}

@Suite struct WireTests {
    @Test func requestLinesAreRecognisedOrRefusedAtOnce() {
        #expect(scan("GET / HTTP/1.1\r\n\r\n") == .complete(end: 18))
        #expect(scan("GET / HTTP/1.0\n\n") == .complete(end: 16))
        #expect(scan("\u{16}\u{03}\u{01}\u{02}") == .failed(.tls))
        #expect(scan("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") == .failed(.http2))
        #expect(scan("GET / HTTP/2.0\r\n") == .failed(.notHTTP))
        #expect(scan("SSH-2.0-OpenSSH_9.6\r\n") == .failed(.notHTTP))
        #expect(scan("GET  / HTTP/1.1\r\n") == .failed(.notHTTP))
        #expect(scan("GET / HTTP/1.1\r\r\n") == .failed(.notHTTP))
        #expect(scan("GET /") == .needMore)
    }

    @Test func statusLinesAreRecognised() {
        #expect(scan("HTTP/1.1 200 OK\r\n\r\n", kind: .response) == .complete(end: 19))
        #expect(scan("HTTP/1.1 204\r\n\r\n", kind: .response) == .complete(end: 16))
        #expect(scan("HTTP/1.1 20 OK\r\n", kind: .response) == .failed(.notHTTP))
        #expect(scan("HTTP/2 200\r\n", kind: .response) == .failed(.http2))
    }

    @Test func capsOnHeadBytesAndFieldCount() {
        let head = "GET / HTTP/1.1\r\n" + String(repeating: "X: y\r\n", count: 3) + "\r\n"
        #expect(scan(head, max: head.utf8.count) == .complete(end: head.utf8.count))
        #expect(scan(head, max: head.utf8.count - 1) == .failed(.headTooLarge))
        #expect(scan(head, fields: 3) == .complete(end: head.utf8.count))
        #expect(scan(head, fields: 2) == .failed(.tooManyHeaders))
    }

    @Test func chunkedFramingAtEveryByte() {
        let body = "1A;ext=\"q;x\"\r\n" + String(repeating: "a", count: 26) + "\r\nf \r\n" + String(repeating: "b", count: 15)
            + "\r\n0\r\nTrailer: x\r\n\r\n"
        let bytes = Array(body.utf8)
        for split in 0...bytes.count {
            var tracker = ChunkedTracker(maxTrailerBytes: 1024)
            let first = Array(bytes[..<split]).withUnsafeBytes { tracker.consume($0, from: 0) }
            let second = Array(bytes[split...]).withUnsafeBytes { tracker.consume($0, from: 0) }
            if split == bytes.count {
                #expect(first == .done(end: bytes.count))
            } else {
                #expect(first == .more && second == .done(end: bytes.count - split), "split at \(split)")
            }
        }
    }

    @Test(arguments: ["g\r\n", "\r\n", "1 2\r\n", "12345678901234567\r\n", ";x\r\n", "5\r\nhello\r\r"])
    func badChunkFramingFails(body: String) {
        var tracker = ChunkedTracker(maxTrailerBytes: 1024)
        #expect(Array(body.utf8).withUnsafeBytes { tracker.consume($0, from: 0) } == .failed)
    }
}
