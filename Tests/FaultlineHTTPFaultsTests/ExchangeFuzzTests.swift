/// Whatever arrives, bytes no fault touches come out unchanged and in order: mutated traffic, garbage, any reads.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeFuzzTests {
    static let requests = Array(
        ("GET /a HTTP/1.1\r\nHost: x\r\n\r\n" + "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;e=1\r\nabcd\r\n0\r\nT: v\r\n\r\n" + "HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n"
            + "PUT /d HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nxyz").utf8)
    static let responses = Array(
        ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" + "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "2\r\nhi\r\n0\r\n\r\n" + "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n" + "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\n\r\n").utf8)

    /// Flips, drops or duplicates a few bytes.
    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int(rng.next() % 4) where !out.isEmpty {
            let index = Int(rng.next() % UInt64(out.count))
            switch rng.next() % 3 {
            case 0: out[index] = UInt8(truncatingIfNeeded: rng.next())
            case 1: out.remove(at: index)
            default: out.insert(out[index], at: index)
            }
        }
        return out
    }

    @Test func untouchedBytesSurviveAnyInputAndInterleaving() throws {
        let faults = [
            try fault("http_abort", #"{"path":"/never"}"#, name: "a"),
            try fault("http_status", #"{"methods":["NEVER"]}"#, name: "s"),
            try fault("http_delay", #"{"delay":5,"host":"nowhere.test"}"#, name: "d"),
        ]
        var rng = SplitMix64(seed: 99)
        for round in 0..<400 {
            var up = Self.mutate(Self.requests, &rng)
            let down = Self.mutate(Self.responses, &rng)
            if round % 10 == 0 { up = (0..<200).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
            let h = ExchangeHarness(faults, seed: UInt64(round), midStream: round % 7 == 0)
            var sentUp = 0
            var sentDown = 0
            while sentUp < up.count || sentDown < down.count {
                let size = Int(rng.next() % 40) + 1
                if sentDown >= down.count || (sentUp < up.count && rng.next() % 2 == 0) {
                    let end = min(up.count, sentUp + size)
                    h.client(Array(up[sentUp..<end]))
                    sentUp = end
                } else {
                    let end = min(down.count, sentDown + size)
                    h.upstream(Array(down[sentDown..<end]))
                    sentDown = end
                }
            }
            h.clientEnd()
            h.upstreamEnd()
            #expect(h.toUpstream == up, "round \(round): request bytes")
            #expect(h.toClient == down, "round \(round): response bytes")
        }
    }
}
