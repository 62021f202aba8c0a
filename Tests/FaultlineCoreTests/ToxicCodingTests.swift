/// Toxic bodies: create-body check order and defaults, attribute rules, atomic patch, and the toxic object.
import FaultlineCore
import Testing

private func create(_ text: String) throws(FaultlineError) -> ToxicSpec.CreateBody {
    try ToxicSpec.decodeCreateBody(Array(text.utf8))
}

private func createError(_ text: String) -> FaultlineError? {
    do throws(FaultlineError) {
        let body = try create(text)
        return body.attributeError
    } catch {
        return error
    }
}

private func json(_ toxic: ToxicSpec) -> String { String(decoding: toxic.wireJSON, as: UTF8.self) }

@Suite struct ToxicCreateBodyTests {
    @Test func latencyWithAttributes() throws {
        let body = try create(#"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#)
        #expect(body.attributeError == nil)
        #expect(
            json(body.toxic)
                == #"{"attributes":{"latency":100,"jitter":10},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}"#
        )
    }

    @Test func streamIsEchoedAsSentAndNamesTheDefault() throws {
        let body = try create(#"{"type":"latency","stream":"UpStream"}"#)
        #expect(body.toxic.stream == .upstream)
        #expect(body.toxic.name == "latency_UpStream")
        #expect(json(body.toxic).contains(#""stream":"UpStream""#))
    }

    @Test(
        arguments: [
            (
                #"{"type":"slicer","name":"s"}"#,
                #"{"attributes":{"average_size":0,"size_variation":0,"delay":0},"name":"s","type":"slicer","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"noop"}"#,
                #"{"attributes":{},"name":"noop_downstream","type":"noop","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"reset_peer","toxicity":7}"#,
                #"{"attributes":{"timeout":0},"name":"reset_peer_downstream","type":"reset_peer","stream":"downstream","toxicity":7}"#
            ),
            (
                #"{"type":"bandwidth","attributes":{"rate":-5,"unknown":3}}"#,
                #"{"attributes":{"rate":-5},"name":"bandwidth_downstream","type":"bandwidth","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"latency","name":"q","attributes":null,"toxicity":null,"stream":null}"#,
                #"{"attributes":{"latency":0,"jitter":0},"name":"q","type":"latency","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"Type":"limit_data","NAME":"l","Attributes":{"BYTES":5},"TOXICITY":0.25,"Stream":"upstream"}"#,
                #"{"attributes":{"bytes":5},"name":"l","type":"limit_data","stream":"upstream","toxicity":0.25}"#
            ),
            (
                #"{"type":"timeout","name":"","attributes":{"timeout":1},"attributes":{"timeout":2}} junk"#,
                #"{"attributes":{"timeout":2},"name":"timeout_downstream","type":"timeout","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"slow_close","attributes":{"delay":-100},"toxicity":-1}"#,
                #"{"attributes":{"delay":-100},"name":"slow_close_downstream","type":"slow_close","stream":"downstream","toxicity":-1}"#
            ),
        ] as [(String, String)]
    )
    func acceptedBodiesEncodeAsToxiproxyDoes(request: String, response: String) throws {
        let body = try create(request)
        #expect(body.attributeError == nil)
        #expect(json(body.toxic) == response)
    }

    @Test(
        arguments: [
            (#"{"type":"bogus"}"#, FaultlineError.invalidToxicType),
            (#"{"name":"x"}"#, .invalidToxicType),
            (#"{"type":"Latency"}"#, .invalidToxicType),
            (#"{"type":"latency","stream":"sideways"}"#, .invalidStream),
            (#"{"type":"latency","stream":""}"#, .invalidStream),
            (#"{"type":"bogus","stream":"sideways"}"#, .invalidStream),
            ("", .badRequestBody("EOF")),
            (#"{"type":"#, .badRequestBody("unexpected EOF")),
            ("[]", .badRequestBody("json: cannot unmarshal array into Go value of type toxics.ToxicWrapper")),
            (
                #"{"type":"bogus","toxicity":"1"}"#,
                .badRequestBody(
                    "json: cannot unmarshal string into Go struct field ToxicWrapper.toxicity of type float32"
                )
            ),
            (
                #"{"type":"latency","toxicity":1e39}"#,
                .badRequestBody(
                    "json: cannot unmarshal number 1e39 into Go struct field ToxicWrapper.toxicity of type float32"
                )
            ),
            (
                #"{"type":5}"#,
                .badRequestBody("json: cannot unmarshal number into Go struct field ToxicWrapper.type of type string")
            ),
            (
                #"{"type":"latency","attributes":5}"#,
                .badRequestBody(
                    "json: cannot unmarshal number into Go struct field ToxicWrapper.attributes of type toxics.NoopToxic"
                )
            ),
            (
                #"{"type":"latency","seed":-1}"#,
                .badRequestBody(
                    "json: cannot unmarshal number -1 into Go struct field ToxicWrapper.seed of type uint64"
                )
            ),
            (
                #"{"type":"bandwidth","attributes":{"rate":1.5}}"#,
                .badRequestBody(
                    "json: cannot unmarshal number 1.5 into Go struct field BandwidthToxic.attributes.rate of type int64"
                )
            ),
            (
                #"{"type":"bandwidth","attributes":{"rate":"fast"}}"#,
                .badRequestBody(
                    "json: cannot unmarshal string into Go struct field BandwidthToxic.attributes.rate of type int64"
                )
            ),
            (
                #"{"type":"latency","attributes":{"latency":100.0}}"#,
                .badRequestBody(
                    "json: cannot unmarshal number 100.0 into Go struct field LatencyToxic.attributes.latency of type int64"
                )
            ),
            (
                #"{"type":"latency","attributes":{"latency":1e3}}"#,
                .badRequestBody(
                    "json: cannot unmarshal number 1e3 into Go struct field LatencyToxic.attributes.latency of type int64"
                )
            ),
            (
                #"{"type":"latency","attributes":{"latency":"100"}}"#,
                .badRequestBody(
                    "json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64"
                )
            ),
            (
                #"{"type":"latency","attributes":{"jitter":9223372036854775808}}"#,
                .badRequestBody(
                    "json: cannot unmarshal number 9223372036854775808 into Go struct field LatencyToxic.attributes.jitter of type int64"
                )
            ),
            (
                #"{"type":"slicer","attributes":{"delay":true}}"#,
                .badRequestBody(
                    "json: cannot unmarshal bool into Go struct field SlicerToxic.attributes.delay of type int"
                )
            ),
            (
                #"{"type":"reset_peer","attributes":{"timeout":[]}}"#,
                .badRequestBody(
                    "json: cannot unmarshal array into Go struct field ResetToxic.attributes.timeout of type int64"
                )
            ),
        ] as [(String, FaultlineError)]
    )
    func rejectedBodies(request: String, error: FaultlineError) {
        #expect(createError(request) == error)
    }

    @Test func attributeErrorsWaitForTheNameCheck() throws {
        // Toxiproxy checks for a duplicate name before it decodes attributes: the error travels separately.
        let body = try create(#"{"type":"latency","name":"l","attributes":{"jitter":"x","latency":7}}"#)
        #expect(body.toxic.name == "l")
        #expect(
            body.attributeError
                == .badRequestBody(
                    "json: cannot unmarshal string into Go struct field LatencyToxic.attributes.jitter of type int64"
                )
        )
    }

    @Test func extremeIntegersAreKept() throws {
        let body = try create(
            #"{"type":"latency","attributes":{"latency":-9223372036854775808,"jitter":9223372036854775807}}"#
        )
        #expect(body.toxic.kind == .latency(LatencyAttributes(latency: .min, jitter: .max)))
    }

    @Test func seedIsAcceptedAndNeverEchoed() throws {
        let body = try create(#"{"type":"noop","seed":18446744073709551615}"#)
        #expect(body.toxic.seed == .max)
        #expect(!json(body.toxic).contains("seed"))
    }

    @Test func namesKeepEveryCharacter() throws {
        let body = try create(#"{"type":"noop","name":"a/b%2Fc d é<>"}"#)
        #expect(body.toxic.name == "a/b%2Fc d é<>")
        #expect(json(body.toxic).contains(#""name":"a/b%2Fc d é\u003c\u003e""#))
    }
}

@Suite struct ToxicPatchTests {
    private let current = ToxicSpec(
        name: "latency_downstream",
        kind: .latency(LatencyAttributes(latency: 100, jitter: 10)),
        toxicity: 0.5
    )

    private func patch(_ text: String) throws(FaultlineError) -> ToxicSpec {
        try current.applyingPatchBody(Array(text.utf8))
    }

    @Test func attributesMerge() throws {
        let patched = try patch(#"{"attributes":{"jitter":5}}"#)
        #expect(patched.kind == .latency(LatencyAttributes(latency: 100, jitter: 5)))
        #expect(patched.toxicity == 0.5)
    }

    @Test func onlyToxicityChangesWhenOthersAreSent() throws {
        let patched = try patch(#"{"toxicity":0.25,"name":"zz","type":"timeout","stream":"upstream"}"#)
        #expect(patched == ToxicSpec(name: "latency_downstream", kind: current.kind, toxicity: 0.25))
    }

    @Test(arguments: ["null", "{}", #"{"attributes":null,"toxicity":null}"#, #"{"unknown":1} trailing"#])
    func emptyPatchesChangeNothing(body: String) throws {
        #expect(try patch(body) == current)
    }

    @Test(
        arguments: [
            (
                #"{"attributes":{"jitter":"x","latency":7}}"#,
                "json: cannot unmarshal string into Go struct field LatencyToxic.attributes.jitter of type int64"
            ),
            (
                #"{"toxicity":"1","attributes":{"latency":7}}"#,
                "json: cannot unmarshal string into Go struct field .toxicity of type float32"
            ),
            (
                #"{"attributes":"x"}"#,
                "json: cannot unmarshal string into Go struct field .attributes of type toxics.LatencyToxic"
            ),
            (
                "[]",
                #"json: cannot unmarshal array into Go value of type struct { Attributes interface {} "json:\"attributes\""; Toxicity float32 "json:\"toxicity\"" }"#
            ),
            ("junk", "invalid character 'j' looking for beginning of value"),
            ("", "EOF"),
        ] as [(String, String)]
    )
    func failedPatchesAreAtomic(body: String, message: String) {
        #expect(throws: FaultlineError.badRequestBody(message)) { try patch(body) }
    }
}
