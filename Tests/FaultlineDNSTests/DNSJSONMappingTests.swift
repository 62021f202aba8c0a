/// The `dns` block and DNS toxic attributes as JSON: decoding, normalised output, and errors naming the field.
import FaultlineCore
import Testing
@testable import FaultlineDNS

private func parse(_ text: String) throws -> JSONValue { try JSONParser.parseFirstValue(Array(text.utf8)) }

private func text(_ value: JSONValue) -> String {
    var writer = JSONWriter()
    value.write(into: &writer)
    return String(decoding: writer.bytes, as: UTF8.self)
}

@Suite struct DNSSpecJSONTests {
    @Test func designExampleDecodesAndNormalises() throws {
        let block = try parse(#"""
            {"records":[{"name":"db.test","type":"a","value":"127.0.0.1","ttl":5},
                        {"NAME":"db.test","type":"AAAA","value":"::1"},
                        {"name":"*.svc.test","type":"A","value":"127.0.0.2","extra":1},
                        {"name":"alias.test","type":"CNAME","value":"db.test","ttl":null}],
             "fallback":"forward","udp_size":1232,"upstream_timeout":2000,"unknown":[1]}
            """#)
        let spec = try DNSSpec(json: block)
        #expect(spec.records.count == 4 && spec.records[1].ttl == DNSSpec.defaultTTL)
        #expect(spec.fallback == "forward" && spec.udpSize == 1232 && spec.upstreamTimeout == 2000)
        try spec.validate(hasUpstream: true)
        #expect(
            text(spec.json(hasUpstream: true))
                == #"{"records":[{"name":"db.test","type":"A","value":"127.0.0.1","ttl":5},{"name":"db.test","type":"AAAA","value":"::1","ttl":5},{"name":"*.svc.test","type":"A","value":"127.0.0.2","ttl":5},{"name":"alias.test","type":"CNAME","value":"db.test","ttl":5}],"fallback":"forward","udp_size":1232,"upstream_timeout":2000}"#
        )
    }

    @Test func missingBlockIsEveryDefaultAndTheFallbackFollowsTheUpstream() throws {
        for block in [nil, JSONValue.null, try parse("{}"), try parse(#"{"fallback":""}"#)] {
            let spec = try DNSSpec(json: block)
            #expect(spec == DNSSpec())
            #expect(text(spec.json(hasUpstream: false)).contains(#""fallback":"nxdomain""#))
            #expect(text(spec.json(hasUpstream: true)).contains(#""fallback":"forward""#))
        }
    }

    @Test(arguments: [
        (#"[]"#, "dns", "must be an object"),
        (#"{"records":{}}"#, "dns.records", "must be an array"),
        (#"{"records":[{"name":"a"},5]}"#, "dns.records[1]", "must be an object"),
        (#"{"records":[{"name":1}]}"#, "dns.records[0].name", "must be a string"),
        (#"{"records":[{"name":"a","ttl":"5"}]}"#, "dns.records[0].ttl", "must be an integer"),
        (#"{"records":[{"name":"a","ttl":1.5}]}"#, "dns.records[0].ttl", "must be an integer"),
        (#"{"fallback":true}"#, "dns.fallback", "must be a string"),
        (#"{"udp_size":"big"}"#, "dns.udp_size", "must be an integer"),
        (#"{"upstream_timeout":1e3}"#, "dns.upstream_timeout", "must be an integer"),
    ])
    func wrongShapesNameTheField(block: String, field: String, reason: String) throws {
        let value = try parse(block)
        #expect(throws: FaultlineError.invalidValue(field: field, reason: reason)) { try DNSSpec(json: value) }
    }

    @Test func badValuesAreNamedByValidation() throws {
        let spec = try DNSSpec(json: parse(#"""
            {"records":[{"name":"a.test","type":"A","value":"1.2.3.4"},{"name":"b.test","type":"A","value":"::1"},
                        {"name":"c.test","type":"AAAA","value":"1.2.3.4"}]}
            """#))
        let notIPv4 = FaultlineError.invalidValue(field: "dns.records[1].value", reason: "not an IPv4 address: ::1")
        #expect(throws: notIPv4) {
            try spec.validate(hasUpstream: false)
        }
    }
}

@Suite struct DNSFaultKindJSONTests {
    @Test(arguments: [
        ("nxdomain", #"{"names":[],"qtypes":[],"negative_ttl":0,"zone":""}"#),
        ("servfail", #"{"names":[],"qtypes":[],"ede":null}"#),
        ("latency", #"{"names":[],"qtypes":[],"latency":0,"jitter":0}"#),
        ("drop", #"{"names":[],"qtypes":[],"transport":"both"}"#),
        ("truncate", #"{"names":[],"qtypes":[],"mode":"empty","size":512,"tcp":"ok"}"#),
    ])
    func defaultsAreWrittenWithEveryKeyInOrder(type: String, expected: String) throws {
        let kind = try DNSFaultKind(typeName: type, attributes: nil)
        #expect(kind.typeName == type && text(kind.attributesJSON) == expected)
        #expect(try DNSFaultKind(typeName: type, attributes: kind.attributesJSON) == kind)
    }

    @Test func givenValuesRoundTrip() throws {
        let attributes = try parse(
            #"{"Names":["*.svc.test","db.test"],"qtypes":["AAAA"],"mode":"partial","size":700,"tcp":"drop"}"#)
        let kind = try DNSFaultKind(typeName: "truncate", attributes: attributes)
        #expect(kind == .truncate(.init(names: ["*.svc.test", "db.test"], qtypes: ["AAAA"], mode: "partial", size: 700,
                                        tcp: "drop")))
        #expect(try DNSFaultKind(typeName: "truncate", attributes: kind.attributesJSON) == kind)
        let servfail = try DNSFaultKind(typeName: "servfail", attributes: parse(#"{"ede":15}"#))
        #expect(text(servfail.attributesJSON) == #"{"names":[],"qtypes":[],"ede":15}"#)
    }

    @Test(arguments: [
        ("drop", #"{"names":"db.test"}"#, "attributes.names", "must be an array"),
        ("drop", #"{"names":["a",1]}"#, "attributes.names[1]", "must be a string"),
        ("servfail", #"{"qtypes":[null]}"#, "attributes.qtypes[0]", "must be a string"),
        ("latency", #"{"latency":"100"}"#, "attributes.latency", "must be an integer"),
        ("truncate", #"{"size":1.5}"#, "attributes.size", "must be an integer"),
        ("nxdomain", #"{"zone":5}"#, "attributes.zone", "must be a string"),
        ("drop", #"[1]"#, "attributes", "must be an object"),
    ])
    func wrongShapesNameTheAttribute(type: String, attributes: String, field: String, reason: String) throws {
        let value = try parse(attributes)
        #expect(throws: FaultlineError.invalidValue(field: field, reason: reason)) {
            try DNSFaultKind(typeName: type, attributes: value)
        }
    }

    @Test func unknownTypesAndTCPKindsAreInvalidToxicTypes() {
        #expect(throws: FaultlineError.invalidToxicType) { try DNSFaultKind(typeName: "slicer", attributes: nil) }
        let tcp = ToxicSpec(kind: .latency(LatencyAttributes(latency: 1)))
        #expect(throws: FaultlineError.invalidToxicType) { try DNSToxicSpec(tcp) }
    }

    @Test func storedToxicBecomesADNSToxicSpec() throws {
        let toxic = ToxicSpec(name: "aaaa", kind: .dns(type: "drop", attributes: try parse(#"{"qtypes":["AAAA"]}"#)),
                              toxicity: 0.5)
        let spec = try DNSToxicSpec(toxic)
        #expect(spec == DNSToxicSpec(name: "aaaa", kind: .drop(.init(qtypes: ["AAAA"])), toxicity: 0.5))
    }

    @Test func coreAndDNSAgreeOnTheTypeNames() {
        #expect(ToxicKind.dnsTypeNames == DNSFaultKind.typeNames)
        #expect(Set(DNSFaultKind.attributeKeys.keys) == Set(DNSFaultKind.typeNames))
    }
}
