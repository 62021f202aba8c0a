/// Shared set-up for responder tests: a table, a clock reading and a decoded-reply helper.
import FaultlineCore
import Testing
@testable import FaultlineDNS

enum Harness {
    static let now = Instant(nanoseconds: 1_000_000_000)

    static let records: [DNSStaticRecord] = [
        .init(name: "db.test", type: "A", value: "127.0.0.1"),
        .init(name: "db.test", type: "AAAA", value: "::1"),
        .init(name: "*.svc.test", type: "A", value: "127.0.0.2"),
        .init(name: "alias.test", type: "CNAME", value: "db.test"),
    ] + (0..<100).map { DNSStaticRecord(name: "big.test", type: "A", value: "10.0.0.\($0)") }

    static func responder(
        fallback: DNSFallback = .nxdomain, hasUpstream: Bool = false, udpSize: UInt16 = 1232,
        toxics: [DNSToxicSpec] = []
    ) throws -> DNSResponder {
        var faults: [DNSFault] = []
        for toxic in toxics { faults.append(try DNSFault(toxic)) }
        return DNSResponder(
            table: try DNSRecordTable(records: records), fallback: fallback, udpSize: udpSize,
            hasUpstream: hasUpstream, faults: faults)
    }

    /// The answer bytes and send time, recording an issue for any other decision.
    static func answer(
        _ responder: DNSResponder, _ bytes: [UInt8], transport: DNSTransport = .udp, seed: UInt64 = 1
    ) -> (bytes: [UInt8], at: Instant)? {
        var rng = SplitMix64(seed: seed)
        let decision = responder.decide(bytes, transport: transport, now: now, rng: &rng)
        guard case .answer(let reply, let at) = decision else {
            Issue.record("not an answer")
            return nil
        }
        return (reply, at)
    }

    /// The answer decoded independently and also by the module's own parser (both must accept it).
    static func decoded(
        _ responder: DNSResponder, _ bytes: [UInt8], transport: DNSTransport = .udp, seed: UInt64 = 1
    ) -> Decoded? {
        guard let reply = answer(responder, bytes, transport: transport, seed: seed) else { return nil }
        #expect((try? DNSMessage(parsing: reply.bytes)) != nil, "own parser refused the reply")
        guard let decoded = Decoded(reply.bytes) else {
            Issue.record("independent decoder refused \(reply.bytes)")
            return nil
        }
        return decoded
    }
}
