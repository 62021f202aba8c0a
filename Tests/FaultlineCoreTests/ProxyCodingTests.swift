/// Proxy bodies: create and update decoding, populate/config decoding with toxics, and the proxy object.
import FaultlineCore
import Testing

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct ProxyCreateBodyTests {
    @Test func defaultsAndCaseInsensitiveKeys() throws {
        let spec = try ProxySpec.decodeCreateBody(
            bytes(#"{"NAME":"c","Upstream":"x:1","LISTEN":"127.0.0.1:0"} trailing-junk"#)
        )
        #expect(spec == ProxySpec(name: "c", listen: "127.0.0.1:0", upstream: "x:1", enabled: true))
    }

    @Test func toxicsAndLoggerAreIgnored() throws {
        let body = #"{"name":"a","upstream":"u:1","enabled":false,"Logger":{},"toxics":[{"type":"bogus"}],"extra":1}"#
        #expect(
            try ProxySpec.decodeCreateBody(bytes(body))
                == ProxySpec(name: "a", listen: "", upstream: "u:1", enabled: false)
        )
    }

    @Test(
        arguments: [
            (#"{"upstream":"x:1"}"#, FaultlineError.missingField("name")),
            (#"{"name":"a"}"#, .missingField("upstream")),
            (#"{"name":"","upstream":""}"#, .missingField("name")),
            ("null", .missingField("name")),
            ("", .badRequestBody("EOF")),
            (#"{"name":"a","#, .badRequestBody("unexpected EOF")),
            ("[]", .badRequestBody("json: cannot unmarshal array into Go value of type toxiproxy.Proxy")),
            (
                #"{"name":"a","upstream":"b","enabled":"yes"}"#,
                .badRequestBody("json: cannot unmarshal string into Go struct field Proxy.enabled of type bool")
            ),
            (
                #"{"enabled":"yes"}"#,
                .badRequestBody("json: cannot unmarshal string into Go struct field Proxy.enabled of type bool")
            ),
            (
                #"{"name":1,"upstream":2}"#,
                .badRequestBody("json: cannot unmarshal number into Go struct field Proxy.name of type string")
            ),
            (
                #"{"name":"a","upstream":"b","Logger":5}"#,
                .badRequestBody(
                    "json: cannot unmarshal number into Go struct field Proxy.Logger of type zerolog.Logger"
                )
            ),
        ] as [(String, FaultlineError)]
    )
    func rejected(body: String, error: FaultlineError) {
        #expect(throws: error) { try ProxySpec.decodeCreateBody(bytes(body)) }
    }
}

@Suite struct ProxyUpdateBodyTests {
    private let current = ProxySpec(name: "p1", listen: "127.0.0.1:4000", upstream: "u:1", enabled: true)

    @Test func mergesOverCurrentValuesAndNeverRenames() throws {
        let updated = try current.applyingUpdateBody(bytes(#"{"enabled":false,"name":"other"}"#))
        #expect(updated == ProxySpec(name: "p1", listen: "127.0.0.1:4000", upstream: "u:1", enabled: false))
        let cleared = try current.applyingUpdateBody(bytes(#"{"upstream":"","listen":null}"#))
        #expect(cleared == ProxySpec(name: "p1", listen: "127.0.0.1:4000", upstream: "", enabled: true))
    }

    @Test func typeErrorsChangeNothing() {
        #expect(
            throws: FaultlineError.badRequestBody(
                "json: cannot unmarshal number into Go struct field Proxy.listen of type string"
            )
        ) {
            try current.applyingUpdateBody(bytes(#"{"upstream":"new:1","listen":5}"#))
        }
    }
}

@Suite struct PopulateBodyTests {
    private func decode(_ text: String) throws(FaultlineError) -> [ProxySpec] {
        try ProxySpec.decodePopulateBody(bytes(text))
    }

    @Test func entriesDefaultEnabledToTrue() throws {
        let specs = try decode(
            #"[{"name":"a","upstream":"u:1"},{"name":"b","listen":":9","upstream":"u:2","enabled":null},{"name":"c","upstream":"u:3","enabled":false},{"name":"d","upstream":"u:4","enabled":false,"enabled":null}]"#
        )
        #expect(specs.map(\.enabled) == [true, true, false, true])
        #expect(specs[1].listen == ":9")
    }

    @Test(arguments: ["[]", "null", " [ ] junk"])
    func emptyBodies(body: String) throws {
        #expect(try decode(body).isEmpty)
    }

    @Test func toxicsAreDecodedInOrder() throws {
        let specs = try decode(
            #"[{"name":"web","upstream":"u:1","toxics":[{"type":"latency","attributes":{"latency":50}},{"type":"bandwidth","stream":"UPSTREAM","name":"slow","attributes":{"rate":10}}]}]"#
        )
        #expect(
            specs[0].toxics == [
                ToxicSpec(kind: .latency(LatencyAttributes(latency: 50))),
                ToxicSpec(
                    name: "slow",
                    kind: .bandwidth(BandwidthAttributes(rate: 10)),
                    stream: .upstream,
                    streamText: "UPSTREAM"
                ),
            ]
        )
    }

    @Test(
        arguments: [
            ("", FaultlineError.badRequestBody("EOF")),
            (
                "{}",
                .badRequestBody(
                    #"json: cannot unmarshal object into Go value of type []struct { toxiproxy.Proxy; Enabled *bool "json:\"enabled\"" }"#
                )
            ),
            (
                #"[{"name":"a","listen":"127.0.0.1:1","upstream":"u:1"},{"name":"","upstream":"x"}]"#,
                .missingFieldAtProxy(field: "name", index: 2)
            ),
            (#"[{"name":"a","upstream":"u:1"},null]"#, .missingFieldAtProxy(field: "name", index: 2)),
            (#"[{"name":"a"}]"#, .missingFieldAtProxy(field: "upstream", index: 1)),
            (
                #"[{"name":"a","upstream":"u"},{"name":"b","upstream":"u","enabled":"yes"},{"name":""}]"#,
                .badRequestBody(
                    "json: cannot unmarshal string into Go struct field .enabled of type bool at proxy 2 (b)"
                )
            ),
            (
                #"[{"name":"a","upstream":"u"},5]"#,
                .badRequestBody(
                    #"json: cannot unmarshal number into Go value of type struct { toxiproxy.Proxy; Enabled *bool "json:\"enabled\"" } at proxy 2"#
                )
            ),
            (
                #"[{"name":"web","upstream":"u","toxics":{}}]"#,
                .badRequestBody(
                    "json: cannot unmarshal object into Go struct field .toxics of type []toxics.ToxicWrapper at proxy 1 (web)"
                )
            ),
            (
                #"[{"name":"web","upstream":"u","toxics":[{"type":"noop"},{"type":"bogus"}]}]"#,
                .badRequestBody("invalid toxic type at proxy 1 (web) toxic 2")
            ),
            (
                #"[{"name":"web","upstream":"u","toxics":[{"type":"noop","stream":"x"}]}]"#,
                .badRequestBody("stream was invalid, can be either upstream or downstream at proxy 1 (web) toxic 1")
            ),
            (
                #"[{"name":"web","upstream":"u","toxics":[{"type":"noop"},{"type":"noop"}]}]"#,
                .badRequestBody("toxic already exists at proxy 1 (web) toxic 2")
            ),
            (
                #"[{"name":"web","upstream":"u","toxics":[{"type":"latency","attributes":{"latency":"x"}}]}]"#,
                .badRequestBody(
                    "json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64 at proxy 1 (web) toxic 1"
                )
            ),
            (
                #"[{"name":"web","upstream":"u","toxics":[{"type":"latency","toxicity":"x"}]}]"#,
                .badRequestBody(
                    "json: cannot unmarshal string into Go struct field ToxicWrapper.toxicity of type float32 at proxy 1 (web) toxic 1"
                )
            ),
            (
                #"[{"name":"a","upstream":"u","toxics":[{"type":"bogus"}]},{"name":""}]"#,
                .badRequestBody("invalid toxic type at proxy 1 (a) toxic 1")
            ),
        ] as [(String, FaultlineError)]
    )
    func rejected(body: String, error: FaultlineError) {
        #expect(throws: error) { try decode(body) }
    }

    @Test func configFileUsesThePopulateFormat() throws {
        let file =
            #"[{"name":"web_dev_frontend_1","listen":"[::]:18080","upstream":"webapp.domain:8080","enabled":true}]"#
        #expect(
            try ProxySpec.decodeConfigFile(bytes(file)) == [
                ProxySpec(name: "web_dev_frontend_1", listen: "[::]:18080", upstream: "webapp.domain:8080")
            ]
        )
    }
}

@Suite struct ProxyObjectTests {
    @Test func keysInToxiproxyOrderWithLogger() {
        let snapshot = ProxySnapshot(
            name: "p1",
            listen: "127.0.0.1:43393",
            upstream: "127.0.0.1:18475",
            enabled: true,
            toxics: []
        )
        #expect(
            String(decoding: snapshot.wireJSON, as: UTF8.self)
                == #"{"name":"p1","listen":"127.0.0.1:43393","upstream":"127.0.0.1:18475","enabled":true,"Logger":{},"toxics":[]}"#
        )
    }

    @Test func toxicsAreListedInTheGivenOrder() {
        let snapshot = ProxySnapshot(
            name: "a b",
            listen: "[::]:1",
            upstream: "u",
            enabled: false,
            toxics: [
                ToxicSpec(name: "B", kind: .noop, stream: .upstream), ToxicSpec(name: "A", kind: .noop),
            ]
        )
        #expect(
            String(decoding: snapshot.wireJSON, as: UTF8.self)
                == #"{"name":"a b","listen":"[::]:1","upstream":"u","enabled":false,"Logger":{},"toxics":[{"attributes":{},"name":"B","type":"noop","stream":"upstream","toxicity":1},{"attributes":{},"name":"A","type":"noop","stream":"downstream","toxicity":1}]}"#
        )
    }
}
