/// Pins the datagram toxics' JSON: defaults, canonical output, 400s naming the field, and partial updates.
import FaultlineCore
import Testing

private func json(_ text: String) -> JSONValue? {
    try? JSONValue.parseBody(Array(text.utf8))
}

private func decode(_ type: String, _ attributes: String?) throws(FaultlineError) -> DatagramToxicKind {
    try DatagramToxicKind(typeName: type, attributes: attributes.flatMap(json))
}

private func written(_ kind: DatagramToxicKind) -> String {
    var writer = JSONWriter()
    kind.writeAttributes(into: &writer)
    return String(decoding: writer.bytes, as: UTF8.self)
}

/// The error message a request would get, or nil when it decodes.
private func failure(_ type: String, _ attributes: String) -> String? {
    do throws(FaultlineError) {
        _ = try decode(type, attributes)
        return nil
    } catch {
        return error.message
    }
}

struct DatagramToxicKindCodingTests {
    @Test func defaultsAreWrittenWithEveryKeyInOrder() throws {
        let expected = [
            "latency": #"{"latency":0,"jitter":0,"distribution":"uniform","correlation":0,"reorder":true}"#,
            "loss": #"{"model":"gilbert","probability":0.01,"burst":1,"p13":0.01,"p31":0.99,"p32":0,"p23":1,"p14":0}"#,
            "duplicate": #"{"probability":0.01,"gap":0}"#,
            "corrupt": #"{"probability":0.01,"bits":1}"#,
            "reorder": #"{"probability":0.25,"gap":1,"delay":10}"#,
            "bandwidth": #"{"rate":0,"queue":65536,"overhead":0}"#,
            "mtu": #"{"size":1472,"truncate":false}"#,
            "blackhole": "{}",
        ]
        for type in DatagramToxicKind.typeNames {
            let kind = try decode(type, nil)
            #expect(kind.typeName == type)
            #expect(written(kind) == expected[type])
            #expect(try decode(type, "null") == kind)
            #expect(try decode(type, "{}") == kind)
        }
    }

    @Test func canonicalOutputDecodesToTheSameKind() throws {
        let kinds = [
            try decode("latency", #"{"latency":100,"jitter":20,"distribution":"paretonormal","correlation":0.25}"#),
            try decode("loss", #"{"model":"state","p13":0.05,"p31":0.3,"p32":0.2,"p23":0.4,"p14":0.02}"#),
            try decode("bandwidth", #"{"rate":125,"queue":3000,"overhead":-14}"#),
            try decode("mtu", #"{"size":576,"truncate":true}"#),
        ]
        for kind in kinds {
            #expect(try decode(kind.typeName, written(kind)) == kind)
        }
    }

    @Test func keysMatchAsEverywhereInTheAPI() throws {
        // Case-insensitive as Go matches struct fields; the last duplicate wins; null changes nothing.
        let kind = try decode("duplicate", #"{"Probability":0.5,"gap":10,"gap":20,"gap":null}"#)
        #expect(kind == .duplicate(DatagramDuplicateAttributes(probability: 0.5, gap: 20)))
    }

    @Test func badRequestsNameTheField() {
        let cases: [(String, String, String)] = [
            ("loss", #"{"probabilty":0.1}"#,
             "invalid value for attributes.probabilty: unknown attribute (expected model, probability, burst, p13, "
                + "p31, p32, p23, p14)"),
            ("loss", #"{"probability":1.5}"#, "invalid value for attributes.probability: must be between 0 and 1"),
            ("loss", #"{"probability":-0.1}"#, "invalid value for attributes.probability: must be between 0 and 1"),
            ("loss", #"{"burst":0.5}"#, "invalid value for attributes.burst: must be at least 1"),
            ("loss", #"{"model":"random"}"#, "invalid value for attributes.model: must be one of gilbert, state"),
            ("loss", #"{"p13":0.7,"p14":0.5}"#, "invalid value for attributes.p14: p13 + p14 must not exceed 1"),
            ("loss", #"{"p13":0.2,"p32":0.5}"#, "invalid value for attributes.p32: p31 + p32 must not exceed 1"),
            ("latency", #"{"distribution":"gaussian"}"#,
             "invalid value for attributes.distribution: must be one of uniform, normal, pareto, paretonormal"),
            ("latency", #"{"correlation":2}"#, "invalid value for attributes.correlation: must be between 0 and 1"),
            ("latency", #"{"latency":1.5}"#, "invalid value for attributes.latency: must be an integer"),
            ("latency", #"{"jitter":"5"}"#, "invalid value for attributes.jitter: must be an integer"),
            ("latency", #"{"jitter":-1}"#,
             "invalid value for attributes.jitter: must be between 0 and 3600000 milliseconds"),
            ("latency", #"{"reorder":"no"}"#, "invalid value for attributes.reorder: must be true or false"),
            ("duplicate", #"{"probability":"0.5"}"#, "invalid value for attributes.probability: must be a number"),
            ("corrupt", #"{"bits":0}"#, "invalid value for attributes.bits: must be between 1 and 1024"),
            ("reorder", #"{"delay":0}"#,
             "invalid value for attributes.delay: must be between 1 and 3600000 milliseconds"),
            ("reorder", #"{"gap":0}"#, "invalid value for attributes.gap: must be between 1 and 1000000"),
            ("bandwidth", #"{"rate":-1}"#, "invalid value for attributes.rate: must be between 0 and 1000000000 KB/s"),
            ("mtu", #"{"size":70000}"#, "invalid value for attributes.size: must be between 0 and 65535 bytes"),
            ("blackhole", #"{"toxicity":1}"#, "invalid value for attributes.toxicity: unknown attribute (expected none)"),
            ("mtu", "[1]", "invalid value for attributes: must be an object"),
        ]
        for (type, body, message) in cases {
            #expect(failure(type, body) == message, "\(type) \(body)")
        }
        #expect(failure("jitter", "{}") == FaultlineError.invalidToxicType.message)
    }

    @Test func stateLossDefaultsP31FromP13OnlyOnCreate() throws {
        let created = try decode("loss", #"{"model":"state","p13":0.1}"#)
        guard case .loss(let a) = created else { throw FaultlineError.internalError("not loss") }
        #expect(a.p31 == 0.9)
        // An update of p13 keeps the stored p31: a partial update never re-derives a key it did not name.
        guard case .loss(let b) = try created.merging(attributes: json(#"{"p13":0.2}"#)) else {
            throw FaultlineError.internalError("not loss")
        }
        #expect(b.p13 == 0.2 && b.p31 == 0.9)
    }

    @Test func mergeReplacesOnlyTheKeysGivenAndValidatesTheWhole() throws {
        let current = try decode("latency", #"{"latency":100,"jitter":10,"distribution":"normal"}"#)
        let merged = try current.merging(attributes: json(#"{"jitter":30}"#))
        #expect(written(merged) == #"{"latency":100,"jitter":30,"distribution":"normal","correlation":0,"reorder":true}"#)
        #expect(throws: FaultlineError.invalidValue(field: "attributes.latency", reason: "must be an integer")) {
            try current.merging(attributes: json(#"{"latency":"slow"}"#))
        }
        #expect(try current.merging(attributes: nil) == current)
    }

    @Test func latencyDistributionAttributesReadOnlyTheirKeys() throws {
        // A TCP latency's attributes: latency and jitter belong to its Go-compatible decoder and are left alone.
        let attributes = try LatencyDistributionAttributes().merging(
            json(#"{"latency":100,"jitter":10,"distribution":"pareto","correlation":0.5}"#))
        #expect(attributes == LatencyDistributionAttributes(distribution: .pareto, correlation: 0.5))
        #expect(attributes.members.map(\.key) == LatencyDistributionAttributes.keys)
        #expect(throws: FaultlineError.self) {
            try LatencyDistributionAttributes().merging(json(#"{"distribution":"Normal"}"#))
        }
    }
}
