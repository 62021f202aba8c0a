/// Faultline's `kind` on the wire: DNS proxies decode their `dns` block and DNS toxic types; TCP proxies are untouched.
import FaultlineCore
import Testing

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

private func json(_ value: JSONValue) -> String {
    var writer = JSONWriter()
    value.write(into: &writer)
    return text(writer.bytes)
}

@Suite struct ProxyKindCodingTests {
    @Test func dnsProxyNeedsNoUpstreamAndKeepsItsBlockAsGiven() throws {
        let spec = try ProxySpec.decodeCreateBody(
            bytes(#"{"name":"d","Kind":"DNS","listen":"127.0.0.1:0","dns":{"records":[{"name":"a.test"}],"x":1.50}}"#))
        #expect(spec.kind == .dns && spec.upstream.isEmpty)
        #expect(json(try #require(spec.dns)) == #"{"records":[{"name":"a.test"}],"x":1.50}"#)
    }

    @Test(arguments: [#"{"name":"t","upstream":"u:1","dns":{"records":[]}}"#,
                      #"{"name":"t","upstream":"u:1","kind":"tcp","dns":{"records":[]}}"#,
                      #"{"name":"t","upstream":"u:1","kind":""}"#])
    func tcpProxyIgnoresADNSBlock(body: String) throws {
        let spec = try ProxySpec.decodeCreateBody(bytes(body))
        #expect(spec == ProxySpec(name: "t", listen: "", upstream: "u:1"))
    }

    @Test(arguments: [
        (#"{"name":"t","kind":"sctp","upstream":"u:1"}"#,
         FaultlineError.invalidValue(field: "kind", reason: "must be tcp, dns or udp")),
        (#"{"name":"u","kind":"udp"}"#, .missingField("upstream")),
        (#"{"name":"t","kind":"tcp"}"#, .missingField("upstream")),
        (#"{"name":"t"}"#, .missingField("upstream")),
        (#"{"name":"t","kind":5}"#,
         .badRequestBody("json: cannot unmarshal number into Go struct field Proxy.kind of type string")),
    ])
    func rejected(body: String, error: FaultlineError) {
        #expect(throws: error) { try ProxySpec.decodeCreateBody(bytes(body)) }
    }

    @Test func tcpSnapshotIsByteForByteToxiproxysObject() {
        let snapshot = ProxySnapshot(name: "t", listen: "127.0.0.1:1", upstream: "u:1", enabled: true, toxics: [])
        #expect(text(snapshot.wireJSON)
            == #"{"name":"t","listen":"127.0.0.1:1","upstream":"u:1","enabled":true,"Logger":{},"toxics":[]}"#)
    }

    @Test func dnsSnapshotAppendsKindAndBlock() {
        let block = JSONValue.object([JSONMember(key: "fallback", value: .string("nxdomain"))])
        let toxic = ToxicSpec(kind: .dns(type: "drop", attributes: .object([
            JSONMember(key: "names", value: .array([.string("*.test")])),
        ])))
        let snapshot = ProxySnapshot(
            name: "d", listen: "127.0.0.1:53", upstream: "", enabled: true, toxics: [toxic], kind: .dns, dns: block)
        #expect(
            text(snapshot.wireJSON)
                == #"{"name":"d","listen":"127.0.0.1:53","upstream":"","enabled":true,"Logger":{},"toxics":[{"attributes":{"names":["*.test"]},"name":"drop_downstream","type":"drop","stream":"downstream","toxicity":1}],"kind":"dns","dns":{"fallback":"nxdomain"}}"#
        )
    }

    @Test func updateBodyNeverChangesTheKindAndReplacesTheBlockWhole() throws {
        let dns = ProxySpec(name: "d", listen: "a:1", upstream: "", kind: .dns)
        let updated = try dns.applyingUpdateBody(
            bytes(#"{"kind":"tcp","dns":{"fallback":"refused"},"upstream":"1.2.3.4:53"}"#))
        #expect(updated.kind == .dns && updated.upstream == "1.2.3.4:53")
        #expect(updated.dns.map(json) == #"{"fallback":"refused"}"#)
        let tcp = ProxySpec(name: "t", listen: "a:1", upstream: "u:1")
        #expect(try tcp.applyingUpdateBody(bytes(#"{"kind":"dns","dns":{}}"#)) == tcp)
    }

    @Test func populateDecodesEachEntrysToxicsForItsKind() throws {
        let body = #"""
            [{"name":"d","kind":"dns","listen":":0","toxics":[{"type":"servfail","attributes":{"names":["a.test"]}}]},
             {"name":"t","upstream":"u:1","toxics":[{"type":"latency","attributes":{"latency":5}}]}]
            """#
        let specs = try ProxySpec.decodePopulateBody(bytes(body))
        #expect(specs.map(\.kind) == [.dns, .tcp])
        #expect(specs[0].toxics.map(\.kind) == [
            .dns(type: "servfail", attributes: .object([JSONMember(key: "names", value: .array([.string("a.test")]))])),
        ])
        #expect(specs[1].toxics.map(\.kind) == [.latency(LatencyAttributes(latency: 5))])
    }

    @Test(arguments: [
        (#"[{"name":"t","upstream":"u:1","toxics":[{"type":"servfail"}]}]"#,
         FaultlineError.badRequestBody("invalid toxic type at proxy 1 (t) toxic 1")),
        (#"[{"name":"d","kind":"dns","toxics":[{"type":"slicer"}]}]"#,
         .badRequestBody("invalid toxic type at proxy 1 (d) toxic 1")),
        (#"[{"name":"d","kind":"dn"}]"#, .invalidValue(field: "kind at proxy 1", reason: "must be tcp, dns or udp")),
        (#"[{"name":"d","kind":"tcp"}]"#, .missingFieldAtProxy(field: "upstream", index: 1)),
    ])
    func populateRejects(body: String, error: FaultlineError) {
        #expect(throws: error) { try ProxySpec.decodePopulateBody(bytes(body)) }
    }
}

@Suite struct DNSToxicCodingTests {
    @Test(arguments: ["nxdomain", "servfail", "latency", "drop", "truncate"])
    func dnsTypesDecodeOnDNSProxiesOnly(type: String) throws {
        let body = bytes(#"{"type":"\#(type)","toxicity":0.5,"attributes":{"names":["db.test"]}}"#)
        let decoded = try ToxicSpec.decodeCreateBody(body, proxyKind: .dns)
        #expect(decoded.attributeError == nil)
        #expect(decoded.toxic.name == "\(type)_downstream" && decoded.toxic.toxicity == 0.5)
        guard case .dns(let decodedType, let attributes) = decoded.toxic.kind else {
            Issue.record("not a DNS toxic: \(decoded.toxic.kind)")
            return
        }
        #expect(decodedType == type && json(attributes) == #"{"names":["db.test"]}"#)
        if ["servfail", "drop", "truncate"].contains(type) {
            #expect(throws: FaultlineError.invalidToxicType) { try ToxicSpec.decodeCreateBody(body) }
        }
    }

    @Test(arguments: ["slicer", "bandwidth", "loss", "Servfail", ""])
    func tcpTypesAreInvalidOnDNSProxies(type: String) {
        #expect(throws: FaultlineError.invalidToxicType) {
            try ToxicSpec.decodeCreateBody(bytes(#"{"type":"\#(type)"}"#), proxyKind: .dns)
        }
    }

    @Test func attributesMustBeAnObject() {
        #expect(
            throws: FaultlineError.badRequestBody(
                "json: cannot unmarshal string into Go struct field ToxicWrapper.attributes of type toxics.NoopToxic")
        ) { try ToxicSpec.decodeCreateBody(bytes(#"{"type":"drop","attributes":"x"}"#), proxyKind: .dns) }
    }

    @Test func patchMergesKeysCaseInsensitivelyAndNullKeeps() throws {
        let current = ToxicSpec(
            kind: .dns(type: "truncate", attributes: .object([
                JSONMember(key: "names", value: .array([])), JSONMember(key: "mode", value: .string("empty")),
                JSONMember(key: "size", value: .number("512")),
            ])))
        let patched = try current.applyingPatchBody(
            bytes(#"{"toxicity":0.25,"attributes":{"MODE":"partial","size":null,"extra":true}}"#))
        #expect(patched.toxicity == 0.25)
        #expect(
            text(patched.wireJSON)
                == #"{"attributes":{"names":[],"mode":"partial","size":512,"extra":true},"name":"truncate_downstream","type":"truncate","stream":"downstream","toxicity":0.25}"#
        )
        #expect(throws: FaultlineError.badRequestBody(
            "json: cannot unmarshal array into Go struct field .attributes of type toxics.DNSToxic")
        ) { try current.applyingPatchBody(bytes(#"{"attributes":[]}"#)) }
    }

    @Test func dnsToxicsNeverActOnTCPStreams() {
        let kind = ToxicKind.dns(type: "latency", attributes: .object([]))
        #expect(!kind.actsOnStream && kind.typeName == "latency" && kind.attributeKeys.isEmpty)
    }
}

@Suite struct JSONValueWritingTests {
    @Test(arguments: [
        #"{"a":[1,2.50,-0,1e3],"b":{"c":null,"d":true,"e":false},"a":"dup"}"#,
        #"[]"#, #"{}"#, #""x\"<>&\u0001""#,
    ])
    func writesWhatItParsed(source: String) throws {
        let value = try JSONParser.parseFirstValue(bytes(source))
        #expect(try JSONParser.parseFirstValue(bytes(json(value))) == value)
    }

    @Test func writesCompactlyWithGoEscaping() throws {
        let value = try JSONParser.parseFirstValue(bytes(#"{ "k" : [ 1 , "<b>" ] }"#))
        #expect(json(value) == #"{"k":[1,"\u003cb\u003e"]}"#)
    }
}
