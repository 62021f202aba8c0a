/// Faultline's added toxic types on the wire: defaults, key order, Go-style type errors and field-naming range errors.
import FaultlineCore
import Testing

private func create(_ text: String) throws(FaultlineError) -> ToxicSpec.CreateBody {
    try ToxicSpec.decodeCreateBody(Array(text.utf8))
}

private func createError(_ text: String) -> FaultlineError? {
    do throws(FaultlineError) {
        return try create(text).attributeError
    } catch {
        return error
    }
}

private func json(_ toxic: ToxicSpec) -> String { String(decoding: toxic.wireJSON, as: UTF8.self) }

private func typeError(_ value: String, _ path: String, _ goType: String) -> FaultlineError {
    .badRequestBody("json: cannot unmarshal \(value) into Go struct field \(path) of type \(goType)")
}

private func invalid(_ key: String, _ reason: String) -> FaultlineError {
    .invalidValue(field: "attributes.\(key)", reason: reason)
}

@Suite struct AddedToxicCreateTests {
    @Test(
        arguments: [
            (
                #"{"type":"loss"}"#,
                #"{"attributes":{"probability":0.01,"burst":1,"segment_size":1448,"rtt":0,"rto_min":200,"rto_max":120000,"max_retries":15,"mode":"stall","window":4194304},"name":"loss_downstream","type":"loss","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"loss","name":"l","attributes":{"probability":0.05,"burst":2.5,"segment_size":536,"rtt":40,"rto_min":300,"rto_max":60000,"max_retries":5,"mode":"drop","window":65536}}"#,
                #"{"attributes":{"probability":0.05,"burst":2.5,"segment_size":536,"rtt":40,"rto_min":300,"rto_max":60000,"max_retries":5,"mode":"drop","window":65536},"name":"l","type":"loss","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"loss","attributes":{"PROBABILITY":1e-7,"Burst":10,"mode":null,"rtt":null,"extra":"x"}}"#,
                #"{"attributes":{"probability":1e-7,"burst":10,"segment_size":1448,"rtt":0,"rto_min":200,"rto_max":120000,"max_retries":15,"mode":"stall","window":4194304},"name":"loss_downstream","type":"loss","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"packet_loss","stream":"upstream"}"#,
                #"{"attributes":{"loss_rate":0,"correlation":0},"name":"packet_loss_upstream","type":"packet_loss","stream":"upstream","toxicity":1}"#
            ),
            (
                #"{"type":"packet_loss","attributes":{"loss_rate":1.5,"correlation":-2e3}}"#,
                #"{"attributes":{"loss_rate":1.5,"correlation":-2000},"name":"packet_loss_downstream","type":"packet_loss","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"nxdomain","stream":"UpStream","toxicity":0.25}"#,
                #"{"attributes":{"delay":0,"reset":false,"negative_ttl":0},"name":"nxdomain_UpStream","type":"nxdomain","stream":"UpStream","toxicity":0.25}"#
            ),
            (
                #"{"type":"nxdomain","attributes":{"negative_ttl":30000,"reset":true,"delay":5000}}"#,
                #"{"attributes":{"delay":5000,"reset":true,"negative_ttl":30000},"name":"nxdomain_downstream","type":"nxdomain","stream":"downstream","toxicity":1}"#
            ),
        ] as [(String, String)]
    )
    func everyKeyIsEchoedInItsFixedOrder(request: String, response: String) throws {
        let body = try create(request)
        #expect(body.attributeError == nil)
        #expect(json(body.toxic) == response)
        // The echo decodes back to the same toxic.
        #expect(try create(json(body.toxic)).toxic == body.toxic)
    }

    @Test func attributesDecodeIntoTheirTypes() throws {
        let body = try create(#"{"type":"loss","attributes":{"probability":1,"burst":3,"max_retries":0}}"#)
        #expect(body.toxic.kind == .loss(LossAttributes(probability: 1, burst: 3, maxRetries: 0)))
        let gate = try create(#"{"type":"nxdomain","attributes":{"reset":true,"delay":0}}"#)
        #expect(gate.toxic.kind == .nxdomain(NXDomainAttributes(reset: true)))
    }

    @Test(
        arguments: [
            (#"{"type":"loss","attributes":{"segment_size":1.5}}"#,
             typeError("number 1.5", "LossToxic.attributes.segment_size", "int64")),
            (#"{"type":"loss","attributes":{"rto_min":1e3}}"#,
             typeError("number 1e3", "LossToxic.attributes.rto_min", "int64")),
            (#"{"type":"loss","attributes":{"window":"65536"}}"#,
             typeError("string", "LossToxic.attributes.window", "int64")),
            (#"{"type":"loss","attributes":{"max_retries":true}}"#,
             typeError("bool", "LossToxic.attributes.max_retries", "int64")),
            (#"{"type":"loss","attributes":{"probability":"0.1"}}"#,
             typeError("string", "LossToxic.attributes.probability", "float64")),
            (#"{"type":"loss","attributes":{"burst":1e400}}"#,
             typeError("number 1e400", "LossToxic.attributes.burst", "float64")),
            (#"{"type":"loss","attributes":{"mode":1}}"#, typeError("number", "LossToxic.attributes.mode", "string")),
            (#"{"type":"packet_loss","attributes":{"loss_rate":[]}}"#,
             typeError("array", "PacketLossToxic.attributes.loss_rate", "float64")),
            (#"{"type":"packet_loss","attributes":{"correlation":"0"}}"#,
             typeError("string", "PacketLossToxic.attributes.correlation", "float64")),
            (#"{"type":"nxdomain","attributes":{"reset":"true"}}"#,
             typeError("string", "NXDomainToxic.attributes.reset", "bool")),
            (#"{"type":"nxdomain","attributes":{"delay":0.5}}"#,
             typeError("number 0.5", "NXDomainToxic.attributes.delay", "int64")),
            (#"{"type":"nxdomain","attributes":{"negative_ttl":{}}}"#,
             typeError("object", "NXDomainToxic.attributes.negative_ttl", "int64")),
            // A type error wins over a range error in the same body.
            (#"{"type":"loss","attributes":{"probability":5,"rtt":"1"}}"#,
             typeError("string", "LossToxic.attributes.rtt", "int64")),
        ] as [(String, FaultlineError)]
    )
    func typeErrorsUseGoWording(request: String, error: FaultlineError) {
        #expect(createError(request) == error)
    }

    @Test(
        arguments: [
            (#"{"probability":-0.01}"#, invalid("probability", "must be between 0 and 1")),
            (#"{"probability":1.0001}"#, invalid("probability", "must be between 0 and 1")),
            (#"{"burst":0.99}"#, invalid("burst", "must be at least 1")),
            (#"{"burst":-1}"#, invalid("burst", "must be at least 1")),
            (#"{"segment_size":0}"#, invalid("segment_size", "must be between 1 and 65535 bytes")),
            (#"{"segment_size":65536}"#, invalid("segment_size", "must be between 1 and 65535 bytes")),
            (#"{"rtt":-1}"#, invalid("rtt", "must be between 0 and 3600000 milliseconds")),
            (#"{"rtt":3600001}"#, invalid("rtt", "must be between 0 and 3600000 milliseconds")),
            (#"{"rto_min":0}"#, invalid("rto_min", "must be between 1 and 3600000 milliseconds")),
            (#"{"rto_max":-5}"#, invalid("rto_max", "must be between 1 and 3600000 milliseconds")),
            (#"{"rto_min":300,"rto_max":250}"#, invalid("rto_min", "must not exceed rto_max (250)")),
            (#"{"rto_min":200000}"#, invalid("rto_min", "must not exceed rto_max (120000)")),
            (#"{"max_retries":-1}"#, invalid("max_retries", "must be between 0 and 1000")),
            (#"{"max_retries":1001}"#, invalid("max_retries", "must be between 0 and 1000")),
            (#"{"mode":"Drop"}"#, invalid("mode", "must be stall or drop")),
            (#"{"mode":""}"#, invalid("mode", "must be stall or drop")),
            (#"{"window":0}"#, invalid("window", "must be between 1 and 1073741824 bytes")),
            // Checked in key order: the first bad key is named.
            (#"{"window":0,"probability":2}"#, invalid("probability", "must be between 0 and 1")),
        ] as [(String, FaultlineError)]
    )
    func lossValuesOutOfRangeNameTheField(attributes: String, error: FaultlineError) {
        #expect(createError(#"{"type":"loss","attributes":"# + attributes + "}") == error)
        #expect(error.message.hasPrefix("invalid value for attributes."))
    }

    @Test(
        arguments: [
            (#"{"delay":-1}"#, invalid("delay", "must be between 0 and 3600000 milliseconds")),
            (#"{"negative_ttl":-1}"#, invalid("negative_ttl", "must be between 0 and 3600000 milliseconds")),
            (#"{"negative_ttl":3600001}"#, invalid("negative_ttl", "must be between 0 and 3600000 milliseconds")),
        ] as [(String, FaultlineError)]
    )
    func nxdomainValuesOutOfRangeNameTheField(attributes: String, error: FaultlineError) {
        #expect(createError(#"{"type":"nxdomain","attributes":"# + attributes + "}") == error)
    }

    @Test func rangeErrorsWaitForTheNameCheck() throws {
        let body = try create(#"{"type":"loss","name":"x","attributes":{"probability":2}}"#)
        #expect(body.toxic.name == "x")
        #expect(body.attributeError == invalid("probability", "must be between 0 and 1"))
        #expect(body.attributeError?.message == "invalid value for attributes.probability: must be between 0 and 1")
    }

    @Test func toxiproxysOwnTypesAreNeverRangeChecked() throws {
        for request in [
            #"{"type":"latency","attributes":{"latency":-5}}"#, #"{"type":"bandwidth","attributes":{"rate":-1}}"#,
            #"{"type":"packet_loss","attributes":{"loss_rate":-1,"correlation":99}}"#,
        ] {
            #expect(try create(request).attributeError == nil)
        }
    }

    @Test func populateNamesTheEntryAndToxicOfARangeError() {
        let body = #"[{"name":"p","upstream":"x:1","toxics":[{"type":"loss","attributes":{"burst":0}}]}]"#
        #expect(throws: FaultlineError.badRequestBody(
            "invalid value for attributes.burst: must be at least 1 at proxy 1 (p) toxic 1"
        )) {
            try ProxySpec.decodePopulateBody(Array(body.utf8))
        }
    }

    @Test func everyTypeNameRoundTrips() {
        #expect(ToxicKind.typeNames.count == 11 && Set(ToxicKind.typeNames).count == 11)
        for name in ToxicKind.typeNames {
            #expect(ToxicKind(typeName: name)?.typeName == name)
            guard let kind = ToxicKind(typeName: name) else { continue }
            #expect(kind.attributeKeys.count == kind.attributeValues.count)
        }
        #expect(ToxicKind(typeName: "Loss") == nil && ToxicKind(typeName: "packetloss") == nil)
    }
}

@Suite struct AddedToxicPatchTests {
    private let current = ToxicSpec(name: "l", kind: .loss(LossAttributes(probability: 0.1, rtoMin: 300)))

    private func patch(_ text: String) throws(FaultlineError) -> ToxicSpec {
        try current.applyingPatchBody(Array(text.utf8))
    }

    @Test func attributesMergeOverTheCurrentOnes() throws {
        let patched = try patch(#"{"attributes":{"burst":4,"mode":"drop"},"toxicity":0.5}"#)
        #expect(patched.kind == .loss(LossAttributes(probability: 0.1, burst: 4, rtoMin: 300, mode: "drop")))
        #expect(patched.toxicity == 0.5)
    }

    @Test(
        arguments: [
            (#"{"attributes":{"rto_max":250}}"#, invalid("rto_min", "must not exceed rto_max (250)")),
            (#"{"attributes":{"probability":-1},"toxicity":0}"#, invalid("probability", "must be between 0 and 1")),
            (#"{"attributes":{"mode":"stal"}}"#, invalid("mode", "must be stall or drop")),
            (
                #"{"attributes":{"segment_size":"1"}}"#,
                typeError("string", "LossToxic.attributes.segment_size", "int64")
            ),
        ] as [(String, FaultlineError)]
    )
    func aPatchOutOfRangeIsRefusedWhole(body: String, error: FaultlineError) {
        #expect(throws: error) { try patch(body) }
    }

    @Test func nxdomainPatchesMergeToo() throws {
        let gate = ToxicSpec(name: "n", kind: .nxdomain(NXDomainAttributes(delay: 5)), stream: .upstream)
        let patched = try gate.applyingPatchBody(Array(#"{"attributes":{"reset":true}}"#.utf8))
        #expect(patched.kind == .nxdomain(NXDomainAttributes(delay: 5, reset: true)))
        #expect(throws: invalid("delay", "must be between 0 and 3600000 milliseconds")) {
            try gate.applyingPatchBody(Array(#"{"attributes":{"delay":-3}}"#.utf8))
        }
    }
}
