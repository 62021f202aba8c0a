/// The toxic routes of the admin API with exact bytes, following the reference's conformance cases.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import Testing

@Suite struct AdminAPIToxicTests {
    let harness: AdminHarness

    init() {
        harness = AdminHarness()
        harness.send("POST", "/proxies", #"{"name":"p1","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#)
    }

    private static let latency =
        #"{"attributes":{"latency":100,"jitter":10},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}"#

    @Test func createIs200WithEveryAttribute() {  // case 14
        #expect(
            harness.send("POST", "/proxies/p1/toxics", #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#)
                == Wire.ok(Self.latency)
        )
        #expect(harness.send("GET", "/proxies/p1/toxics/latency_downstream") == Wire.ok(Self.latency))
        #expect(
            harness.send("GET", "/proxies/p1")
                == Wire.ok(Wire.proxy("p1", "127.0.0.1:40001", "127.0.0.1:9", toxics: Self.latency))
        )
    }

    @Test func namesAreUniqueAcrossStreams() {  // case 15
        harness.send("POST", "/proxies/p1/toxics", #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#)
        #expect(
            harness.send("POST", "/proxies/p1/toxics", #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#)
                == Wire.error("409 Conflict", "toxic already exists")
        )
        #expect(
            harness.send(
                "POST",
                "/proxies/p1/toxics",
                #"{"type":"latency","name":"latency_downstream","stream":"upstream"}"#
            )
                == Wire.error("409 Conflict", "toxic already exists")
        )
    }

    @Test func duplicateNameWinsOverAttributeErrors() {
        harness.send("POST", "/proxies/p1/toxics", #"{"type":"latency"}"#)
        #expect(
            harness.send("POST", "/proxies/p1/toxics", #"{"type":"latency","attributes":{"latency":"x"}}"#)
                == Wire.error("409 Conflict", "toxic already exists")
        )
    }

    @Test(
        arguments: [
            (#"{"type":"bogus"}"#, "invalid toxic type"), (#"{"name":"x"}"#, "invalid toxic type"),
            (#"{"type":"latency","stream":"sideways"}"#, "stream was invalid, can be either upstream or downstream"),
            (#"{"type":"latency","stream":""}"#, "stream was invalid, can be either upstream or downstream"),
            (
                #"{"type":"bandwidth","attributes":{"rate":1.5}}"#,
                "bad request body: json: cannot unmarshal number 1.5 into Go struct field BandwidthToxic.attributes.rate of type int64"
            ),
            (
                #"{"type":"bandwidth","attributes":{"rate":"fast"}}"#,
                "bad request body: json: cannot unmarshal string into Go struct field BandwidthToxic.attributes.rate of type int64"
            ),
            (
                #"{"type":"latency","attributes":{"latency":100.0}}"#,
                "bad request body: json: cannot unmarshal number 100.0 into Go struct field LatencyToxic.attributes.latency of type int64"
            ),
            (
                #"{"type":"latency","attributes":{"latency":1e3}}"#,
                "bad request body: json: cannot unmarshal number 1e3 into Go struct field LatencyToxic.attributes.latency of type int64"
            ),
            ("", "bad request body: EOF"),
            (#"{"type":"latency","name":"<b>"#, "bad request body: unexpected EOF"),
        ] as [(String, String)]
    )
    func refusedToxics(body: String, message: String) {  // cases 16 and 18
        #expect(harness.send("POST", "/proxies/p1/toxics", body) == Wire.error("400 Bad Request", message))
        #expect(harness.send("GET", "/proxies/p1/toxics") == Wire.ok("[]"))
    }

    @Test(
        arguments: [
            (
                #"{"type":"latency","stream":"UpStream","name":"x1"}"#,
                #"{"attributes":{"latency":0,"jitter":0},"name":"x1","type":"latency","stream":"UpStream","toxicity":1}"#
            ),
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
                #"{"type":"limit_data","name":"<&>","toxicity":0.2,"attributes":{"bytes":1000}}"#,
                #"{"attributes":{"bytes":1000},"name":"\u003c\u0026\u003e","type":"limit_data","stream":"downstream","toxicity":0.2}"#
            ),
        ] as [(String, String)]
    )
    func acceptedToxics(body: String, response: String) {  // cases 17, 19, 20, 21
        #expect(harness.send("POST", "/proxies/p1/toxics", body) == Wire.ok(response))
    }

    @Test func patchMergesAndPostUpdatesToo() {  // case 22
        harness.send("POST", "/proxies/p1/toxics", #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#)
        #expect(
            harness.send("PATCH", "/proxies/p1/toxics/latency_downstream", #"{"attributes":{"jitter":5}}"#)
                == Wire.ok(
                    #"{"attributes":{"latency":100,"jitter":5},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}"#
                )
        )
        #expect(
            harness.send(
                "POST",
                "/proxies/p1/toxics/latency_downstream",
                #"{"toxicity":0.25,"name":"zz","type":"timeout"}"#
            )
                == Wire.ok(
                    #"{"attributes":{"latency":100,"jitter":5},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":0.25}"#
                )
        )
    }

    @Test func failedPatchChangesNothing() {  // case 23, as CONTRACT §2 replaces it
        harness.send("POST", "/proxies/p1/toxics", #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#)
        #expect(
            harness.send(
                "PATCH",
                "/proxies/p1/toxics/latency_downstream",
                #"{"attributes":{"jitter":"x","latency":7}}"#
            )
                == Wire.error(
                    "400 Bad Request",
                    "bad request body: json: cannot unmarshal string into Go struct field LatencyToxic.attributes.jitter of type int64"
                )
        )
        #expect(harness.send("GET", "/proxies/p1/toxics/latency_downstream") == Wire.ok(Self.latency))
    }

    @Test func missingToxicsAre404BeforeTheBodyIsRead() {  // case 24
        #expect(
            harness.send("PATCH", "/proxies/p1/toxics/nope", "junk") == Wire.error("404 Not Found", "toxic not found")
        )
        #expect(harness.send("GET", "/proxies/p1/toxics/nope") == Wire.error("404 Not Found", "toxic not found"))
    }

    @Test func upstreamToxicsAreListedFirst() {  // case 25
        harness.send("POST", "/proxies/p1/toxics", #"{"type":"noop","name":"A"}"#)
        harness.send("POST", "/proxies/p1/toxics", #"{"type":"noop","name":"B","stream":"upstream"}"#)
        harness.send("POST", "/proxies/p1/toxics", #"{"type":"noop","name":"C"}"#)
        let toxic = { (name: String, stream: String) in
            "{\"attributes\":{},\"name\":\"\(name)\",\"type\":\"noop\",\"stream\":\"\(stream)\",\"toxicity\":1}"
        }
        #expect(
            harness.send("GET", "/proxies/p1/toxics")
                == Wire.ok(
                    "["
                        + [toxic("B", "upstream"), toxic("A", "downstream"), toxic("C", "downstream")].joined(
                            separator: ","
                        ) + "]"
                )
        )
    }

    @Test func deleteIs204ThenNotFound() {  // case 26
        harness.send("POST", "/proxies/p1/toxics", #"{"type":"latency"}"#)
        #expect(harness.send("DELETE", "/proxies/p1/toxics/latency_downstream") == Wire.noContent)
        #expect(
            harness.send("DELETE", "/proxies/p1/toxics/latency_downstream")
                == Wire.error("404 Not Found", "toxic not found")
        )
    }

    @Test func toxicNamesWithSpacesAreAddressable() {
        harness.send("POST", "/proxies/p1/toxics", #"{"type":"noop","name":"slow down"}"#)
        #expect(harness.send("DELETE", "/proxies/p1/toxics/slow%20down") == Wire.noContent)
    }
}
