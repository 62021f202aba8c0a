/// However the bytes are cut into reads, the engine produces the same bytes: every split point, random chunk sizes.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeSplitTests {
    /// A conversation exercising heads, both body framings, trailers, an interim response and three faults.
    static let requests =
        "POST /upload HTTP/1.1\r\nHost: a\r\nX-Faultline-Delay: 0\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3;x=1\r\nabc\r\n0\r\nT: 1\r\n\r\n"
        + "GET /rewrite HTTP/1.1\r\nHost: a\r\nX-Old: 1\r\n\r\n"
        + "PUT /aborted HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
        + "GET /last HTTP/1.1\r\nHost: a\r\n\r\n"
    static let responses =
        "HTTP/1.1 100 Continue\r\n\r\n" + "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n"
        + ok("rewritten") + ok("last")

    static func faults() throws -> [HTTPFaultSpec] {
        [
            try fault("http_header_faults", name: "controls"),
            try fault("http_header", #"{"path":"/rewrite","remove":["X-Old"],"set":{"X-New":"2"}}"#, name: "h"),
            try fault("http_abort", #"{"path":"/aborted","status":502,"body":"no"}"#, name: "a"),
            try fault("http_status", #"{"path":"/rewrite","status":203}"#, name: "s"),
        ]
    }

    /// The transcript with the requests and the responses each fed in one read.
    static func reference() throws -> (up: [UInt8], down: [UInt8]) {
        let h = ExchangeHarness(try faults())
        h.client(requests)
        h.upstream(responses)
        return (h.toUpstream, h.toClient)
    }

    @Test func theReferenceTranscriptIsWhatTheFaultsSay() throws {
        let (up, down) = try Self.reference()
        #expect(String(decoding: up, as: UTF8.self)
            == "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nT: 1\r\n\r\n"
            + "GET /rewrite HTTP/1.1\r\nHost: a\r\nX-New: 2\r\n\r\n" + "GET /last HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(String(decoding: down, as: UTF8.self)
            == "HTTP/1.1 100 Continue\r\n\r\n" + "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n"
            + "HTTP/1.1 203 Non-Authoritative Information\r\nContent-Length: 9\r\n\r\nrewritten"
            + "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 2\r\n\r\nno" + ok("last"))
    }

    @Test func requestsSplitAtEveryByte() throws {
        let reference = try Self.reference()
        let bytes = Array(Self.requests.utf8)
        for split in 1..<bytes.count {
            let h = ExchangeHarness(try Self.faults())
            h.client(bytes, pieces: [split])
            h.upstream(Self.responses)
            #expect(h.toUpstream == reference.up && h.toClient == reference.down, "split at \(split)")
        }
    }

    @Test func responsesSplitAtEveryByte() throws {
        let reference = try Self.reference()
        let bytes = Array(Self.responses.utf8)
        for split in 1..<bytes.count {
            let h = ExchangeHarness(try Self.faults())
            h.client(Self.requests)
            h.upstream(bytes, pieces: [split])
            #expect(h.toUpstream == reference.up && h.toClient == reference.down, "split at \(split)")
        }
    }

    @Test func oneByteAtATimeBothWays() throws {
        let reference = try Self.reference()
        let h = ExchangeHarness(try Self.faults())
        for byte in Array(Self.requests.utf8) { h.client([byte]) }
        for byte in Array(Self.responses.utf8) { h.upstream([byte]) }
        #expect(h.toUpstream == reference.up && h.toClient == reference.down)
        #expect(h.engine.inFlightCount == 0 && h.engine.heldBytes(.upstream) == 0)
    }
}
