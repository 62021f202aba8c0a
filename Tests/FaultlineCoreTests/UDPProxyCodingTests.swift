/// `kind: "udp"` on the wire: the proxy's block, its JSON, and datagram toxics decoded strictly by type.
import FaultlineCore
import Testing

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

@Suite struct UDPProxyCodingTests {
    @Test func udpProxyKeepsItsBlockAndWritesKindAndUDPKeys() throws {
        let spec = try ProxySpec.decodeCreateBody(
            bytes(#"{"name":"g","kind":"UDP","listen":"127.0.0.1:7946","upstream":"127.0.0.1:7947","udp":{"max_sessions":5},"dns":{}}"#))
        #expect(spec.kind == .udp && spec.dns == nil)
        let settings = try UDPProxySettings(json: spec.udp)
        #expect(settings == UDPProxySettings(idleTimeout: 60_000, maxSessions: 5))
        let toxic = ToxicSpec(kind: .udp(.mtu(DatagramMTUAttributes())), stream: .upstream)
        let snapshot = ProxySnapshot(
            name: "g", listen: "127.0.0.1:7946", upstream: "127.0.0.1:7947", enabled: true, toxics: [toxic],
            kind: .udp, udp: settings.json)
        #expect(text(snapshot.wireJSON) == #"{"name":"g","listen":"127.0.0.1:7946","upstream":"127.0.0.1:7947","enabled":true,"Logger":{},"toxics":[{"attributes":{"size":1472,"truncate":false},"name":"mtu_upstream","type":"mtu","stream":"upstream","toxicity":1}],"kind":"udp","udp":{"idle_timeout":60000,"max_sessions":5}}"#)
    }

    @Test(arguments: [
        (#"{"idle_timeout":0}"#, FaultlineError.invalidValue(field: "udp.idle_timeout", reason: "must be between 1 and 86400000 milliseconds")),
        (#"{"max_sessions":1.5}"#, .invalidValue(field: "udp.max_sessions", reason: "must be an integer")),
        (#"{"sessions":1}"#, .invalidValue(field: "udp.sessions", reason: "unknown attribute (expected idle_timeout, max_sessions)")),
        (#"[1]"#, .invalidValue(field: "udp", reason: "must be an object")),
    ])
    func badBlocksNameTheField(block: String, error: FaultlineError) {
        #expect(throws: error) { try UDPProxySettings(json: try JSONValue.parseBody(bytes(block))) }
    }

    @Test func theSameTypeNameMeansTheDatagramToxicOnAUDPProxy() throws {
        let body = bytes(#"{"type":"latency","stream":"upstream","attributes":{"latency":10,"jitter":2,"reorder":false}}"#)
        let udp = try ToxicSpec.decodeCreateBody(body, proxyKind: .udp)
        #expect(udp.attributeError == nil)
        let attributes = DatagramLatencyAttributes(latency: 10, jitter: 2, reorder: false)
        #expect(udp.toxic.kind == .udp(.latency(attributes)))
        #expect(text(udp.toxic.wireJSON) == #"{"attributes":{"latency":10,"jitter":2,"distribution":"uniform","correlation":0,"reorder":false},"name":"latency_upstream","type":"latency","stream":"upstream","toxicity":1}"#)
        let tcp = try ToxicSpec.decodeCreateBody(body, proxyKind: .tcp)
        #expect(tcp.toxic.kind == .latency(LatencyAttributes(latency: 10, jitter: 2)))
        #expect(throws: FaultlineError.invalidToxicType) {
            try ToxicSpec.decodeCreateBody(bytes(#"{"type":"slow_close"}"#), proxyKind: .udp)
        }
    }

    @Test func attributeErrorsTravelBesideTheToxicAndPatchesAreAtomic() throws {
        let bad = try ToxicSpec.decodeCreateBody(bytes(#"{"type":"duplicate","attributes":{"probability":-1}}"#), proxyKind: .udp)
        #expect(bad.attributeError == .invalidValue(field: "attributes.probability", reason: "must be between 0 and 1"))
        let stored = ToxicSpec(kind: .udp(.corrupt(DatagramCorruptAttributes(probability: 0.1, bits: 1))))
        let patched = try stored.applyingPatchBody(bytes(#"{"attributes":{"bits":3},"toxicity":0.5}"#))
        #expect(patched.kind == .udp(.corrupt(DatagramCorruptAttributes(probability: 0.1, bits: 3))) && patched.toxicity == 0.5)
        #expect(throws: FaultlineError.invalidValue(field: "attributes.bits", reason: "must be between 1 and 1024")) {
            try stored.applyingPatchBody(bytes(#"{"attributes":{"bits":0}}"#))
        }
    }

    @Test func populateDecodesUDPEntriesAndTheirToxics() throws {
        let specs = try ProxySpec.decodePopulateBody(bytes(#"""
            [{"name":"g","kind":"udp","listen":":0","upstream":"127.0.0.1:1","toxics":[{"type":"loss","attributes":{"probability":0.5}}]}]
            """#))
        #expect(specs.first?.toxics.first?.kind == .udp(.loss(DatagramLossAttributes(probability: 0.5))))
        #expect(throws: FaultlineError.badRequestBody("invalid value for attributes.x: unknown attribute (expected none) at proxy 1 (g) toxic 1")) {
            try ProxySpec.decodePopulateBody(bytes(#"[{"name":"g","kind":"udp","upstream":"h:1","toxics":[{"type":"blackhole","attributes":{"x":1}}]}]"#))
        }
    }
}
