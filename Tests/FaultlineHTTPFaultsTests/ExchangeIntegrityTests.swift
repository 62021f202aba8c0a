/// Bytes no fault touches pass unchanged: large chunked and sized bodies, random read sizes, faults that never match.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeIntegrityTests {
    /// Read sizes from 1 byte to 16 KiB, reproducibly random.
    static func pieces(_ total: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var sizes: [Int] = []
        var sum = 0
        while sum < total {
            let size = Int(rng.next() % 2 == 0 ? rng.next() % 64 + 1 : rng.next() % 16384 + 1)
            sizes.append(size)
            sum += size
        }
        return sizes
    }

    static func chunked(_ total: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var body: [UInt8] = []
        var left = total
        while left > 0 {
            let size = min(left, Int(rng.next() % 70000) + 1)
            body += Array((rng.next() % 2 == 0 ? String(size, radix: 16) : String(size, radix: 16, uppercase: true)).utf8)
            body += Array(";chunk=\(size)\r\n".utf8)
            body += (0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            body += Array("\r\n".utf8)
            left -= size
        }
        return body + Array("0\r\nX-Sum: 0\r\n\r\n".utf8)
    }

    static func nonMatching() throws -> [HTTPFaultSpec] {
        [
            try fault("http_abort", #"{"path":"/nope/*"}"#, name: "a"),
            try fault("http_truncate", #"{"methods":["DELETE"]}"#, name: "t"),
            try fault("http_delay", #"{"delay":100,"headers":{"X-Never":"*"}}"#, name: "d"),
            try fault("http_header", #"{"host":"elsewhere.test","set":{"X":"1"}}"#, name: "h"),
            try fault("http_status", #"{"status":500}"#, name: "s", toxicity: 0),
        ]
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func largeBodiesInRandomReadsArriveIntact(seed: UInt64) throws {
        let h = ExchangeHarness(try Self.nonMatching(), seed: seed)
        let upload = Array("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            + Self.chunked(1 << 20, seed: seed)
        let sized = Array("PUT /put HTTP/1.1\r\nHost: a\r\nContent-Length: 300000\r\n\r\n".utf8)
            + (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let requests = upload + sized + Array(get("/end").utf8)
        let responses = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8) + Self.chunked(2 << 20, seed: seed + 9)
            + Array("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".utf8) + Array(repeating: 0x2A, count: 100_000)
            + Array(ok("end").utf8)
        h.client(requests, pieces: Self.pieces(requests.count, seed: seed))
        h.upstream(responses, pieces: Self.pieces(responses.count, seed: seed + 1))
        #expect(h.toUpstream == requests)
        #expect(h.toClient == responses)
        #expect(h.engine.inFlightCount == 0 && h.engine.counters.requests == 3 && h.engine.passthroughReason == nil)
        #expect(h.engine.heldBytes(.upstream) == 0 && h.engine.heldBytes(.downstream) == 0)
    }

    @Test func bodiesAreForwardedAsRangesOfTheReadNotCopies() throws {
        let engine = HTTPExchange()
        engine.add(try fault("http_abort", #"{"path":"/nope"}"#), seed: 1)
        var out: [HTTPExchangeAction] = []
        Array(get("/").utf8).withUnsafeBytes { engine.receive($0, flowing: .upstream, now: .zero, into: &out) }
        out.removeAll()
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".utf8)
        head.withUnsafeBytes { engine.receive($0, flowing: .downstream, now: .zero, into: &out) }
        #expect(out == [.forward(.downstream, 0..<head.count)])
        out.removeAll()
        let body = [UInt8](repeating: 1, count: 65536)
        body.withUnsafeBytes { engine.receive($0, flowing: .downstream, now: .zero, into: &out) }
        #expect(out == [.forward(.downstream, 0..<65536)])
    }
}
