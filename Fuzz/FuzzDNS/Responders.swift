/// The listeners the DNS target queries: a static table with every toxic type, with and without an upstream.
import FaultlineCore
import FaultlineDNS
import FuzzSupport

enum Responders {
    static let records: [DNSStaticRecord] =
        [
            .init(name: "db.test", type: "A", value: "127.0.0.1"),
            .init(name: "db.test", type: "AAAA", value: "::1"),
            .init(name: "*.svc.test", type: "A", value: "127.0.0.2"),
            .init(name: "alias.test", type: "CNAME", value: "db.test"),
            .init(name: "loop.test", type: "CNAME", value: "loop2.test"),
            .init(name: "loop2.test", type: "CNAME", value: "loop.test"),
        ] + (0..<100).map { DNSStaticRecord(name: "big.test", type: "A", value: "10.0.0.\($0)") }

    static let toxics = [
        DNSToxicSpec(name: "nx", kind: .nxdomain(.init(names: ["*.svc.test"])), toxicity: 0.3),
        DNSToxicSpec(name: "sf", kind: .servfail(.init(ede: 3)), toxicity: 0.1),
        DNSToxicSpec(name: "l", kind: .latency(.init(latency: 5, jitter: 5)), toxicity: 0.5),
        DNSToxicSpec(name: "t", kind: .truncate(.init(mode: "partial", size: 100)), toxicity: 0.2),
        DNSToxicSpec(name: "te", kind: .truncate(.init(mode: "empty", tcp: "drop")), toxicity: 0.1),
        DNSToxicSpec(name: "d", kind: .drop(.init(qtypes: ["AAAA"])), toxicity: 0.2),
    ]

    static let staticOnly = make(fallback: .nxdomain, hasUpstream: false)
    static let forwarding = make(fallback: .forward, hasUpstream: true)

    private static func make(fallback: DNSFallback, hasUpstream: Bool) -> DNSResponder {
        do throws(FaultlineError) {
            return DNSResponder(
                table: try DNSRecordTable(records: records), fallback: fallback, udpSize: 1232,
                hasUpstream: hasUpstream,
                faults: try toxics.map { toxic throws(FaultlineError) in try DNSFault(toxic) })
        } catch {
            fatalError("the DNS fuzz target's own configuration is invalid: \(error)")
        }
    }
}

/// An upstream's answer to the forwarded question: a response header and the question, so the plan accepts it,
/// then the fuzzer's bytes as the records. The tail's first 8 bytes are the header's flags and its three counts.
enum UpstreamReply {
    static func build(question: DNSQuestion, tail: [UInt8]) -> [UInt8] {
        var input = FuzzInput(tail)
        let flags = [input.byte() | 0x80, input.byte()]
        let counts = (0..<6).map { _ in input.byte() }
        let head = DNSMessage(id: 0xBEEF, flags: DNSFlags(), questions: [question]).serialized()
        return [0xBE, 0xEF] + flags + [0, 1] + counts + head.dropFirst(12) + input.rest
    }
}
