/// `http_*` toxic types on the wire: decoded for TCP proxies with their attributes kept as an object, echoed, merged.
import FaultlineCore
import Testing

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

@Suite struct HTTPToxicCodingTests {
    @Test(arguments: ToxicKind.httpTypeNames)
    func everyHTTPTypeDecodesOnATCPProxy(type: String) throws {
        let body = try ToxicSpec.decodeCreateBody(bytes(#"{"type":"\#(type)","attributes":{"a":1}}"#))
        #expect(body.attributeError == nil)
        #expect(body.toxic.kind == .http(type: type, attributes: .object([JSONMember(key: "a", value: .number("1"))])))
        #expect(body.toxic.name == "\(type)_downstream" && !body.toxic.kind.actsOnStream)
    }

    @Test func attributesAreEchoedAsGiven() throws {
        let toxic = try ToxicSpec.decodeCreateBody(
            bytes(#"{"name":"a","type":"http_abort","toxicity":0.5,"attributes":{"status":500,"headers":{"X":"y"}}}"#)
        ).toxic
        #expect(text(toxic.wireJSON)
            == #"{"attributes":{"status":500,"headers":{"X":"y"}},"name":"a","type":"http_abort","stream":"downstream","toxicity":0.5}"#)
    }

    @Test func patchMergesKeysOverTheStoredObject() throws {
        let stored = ToxicSpec(name: "s", kind: .http(type: "http_status", attributes: .object([
            JSONMember(key: "status", value: .number("503")), JSONMember(key: "path", value: .string("/a")),
        ])))
        let patched = try stored.applyingPatchBody(bytes(#"{"attributes":{"STATUS":502,"host":"h","path":null}}"#))
        #expect(patched.kind == .http(type: "http_status", attributes: .object([
            JSONMember(key: "status", value: .number("502")), JSONMember(key: "path", value: .string("/a")),
            JSONMember(key: "host", value: .string("h")),
        ])))
    }

    @Test func unknownHTTPTypesAndDNSProxiesRefuseThem() {
        #expect(throws: FaultlineError.invalidToxicType) {
            try ToxicSpec.decodeCreateBody(bytes(#"{"type":"http_teapot"}"#))
        }
        #expect(throws: FaultlineError.invalidToxicType) {
            try ToxicSpec.decodeCreateBody(bytes(#"{"type":"http_abort"}"#), proxyKind: .dns)
        }
    }

    @Test func experimentTypeNamesStayToxiproxysAndFaultlinesByteToxics() {
        #expect(ToxicKind(typeName: "http_abort") == nil)
        #expect(ToxicKind(httpTypeName: "http_abort") == .http(type: "http_abort", attributes: .object([])))
        #expect(ToxicKind(httpTypeName: "latency") == nil)
        #expect(!ToxicKind.typeNames.contains { $0.hasPrefix("http_") })
    }

    @Test func aNonObjectAttributesValueIsGosTypeErrorAsForEveryType() {
        #expect(throws: FaultlineError.badRequestBody(
            "json: cannot unmarshal number into Go struct field ToxicWrapper.attributes of type toxics.NoopToxic")) {
            try ToxicSpec.decodeCreateBody(bytes(#"{"type":"http_delay","attributes":5}"#))
        }
        let stored = ToxicSpec(name: "d", kind: .http(type: "http_delay", attributes: .object([])))
        #expect(throws: FaultlineError.badRequestBody(
            "json: cannot unmarshal string into Go struct field .attributes of type toxics.HTTPToxic")) {
            try stored.applyingPatchBody(bytes(#"{"attributes":"x"}"#))
        }
    }
}
