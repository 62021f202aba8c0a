/// Reference §10 cases 14–26 over real HTTP: creating, refusing, updating, listing and deleting toxics.
import Testing

extension AdminOverSockets {
    @Suite struct ConformanceToxicTests {
        let server: AdminServer
        let client: AdminClient

        init() throws {
            server = try AdminServer()
            client = try server.client()
            try server.createProxy("p1", upstream: "127.0.0.1:9", on: client)
        }

        func send(_ method: String, _ path: String, _ body: String? = nil) throws -> String {
            try client.send(method, path, body).normalized(server.ports)
        }

        static let latency = ExpectedWire.toxic("latency_downstream", "latency", #""latency":100,"jitter":10"#)

        @Test func createIs200WithEveryAttribute() throws {  // case 14
            let body = #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#
            #expect(try send("POST", "/proxies/p1/toxics", body) == ExpectedWire.ok(Self.latency))
            #expect(
                try send("GET", "/proxies/p1")
                    == ExpectedWire.ok(ExpectedWire.proxy("p1", "127.0.0.1:{p1}", "127.0.0.1:9", toxics: Self.latency))
            )
            #expect(try send("GET", "/proxies/p1/toxics/latency_downstream") == ExpectedWire.ok(Self.latency))
        }

        @Test func namesAreUniqueAcrossStreams() throws {  // case 15
            let body = #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#
            _ = try send("POST", "/proxies/p1/toxics", body)
            let conflict = ExpectedWire.error("409 Conflict", "toxic already exists")
            #expect(try send("POST", "/proxies/p1/toxics", body) == conflict)
            #expect(
                try send(
                    "POST",
                    "/proxies/p1/toxics",
                    #"{"type":"latency","name":"latency_downstream","stream":"upstream"}"#
                )
                    == conflict
            )
        }

        @Test(arguments: [
            (#"{"type":"bogus"}"#, "invalid toxic type"),
            (#"{"name":"x"}"#, "invalid toxic type"),
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
        ])
        func refusedToxicsAre400AndAddNothing(body: String, message: String) throws {  // cases 16 and 18
            #expect(try send("POST", "/proxies/p1/toxics", body) == ExpectedWire.error("400 Bad Request", message))
            #expect(try send("GET", "/proxies/p1/toxics") == ExpectedWire.ok("[]"))
        }

        @Test(arguments: [
            (
                #"{"type":"latency","stream":"UpStream","name":"x1"}"#,
                ExpectedWire.toxic("x1", "latency", #""latency":0,"jitter":0"#, stream: "UpStream")
            ),
            (
                #"{"type":"slicer","name":"s"}"#,
                ExpectedWire.toxic("s", "slicer", #""average_size":0,"size_variation":0,"delay":0"#)
            ),
            (#"{"type":"noop"}"#, ExpectedWire.toxic("noop_downstream", "noop", "")),
            (
                #"{"type":"reset_peer","toxicity":7}"#,
                ExpectedWire.toxic("reset_peer_downstream", "reset_peer", #""timeout":0"#, toxicity: "7")
            ),
            (
                #"{"type":"bandwidth","attributes":{"rate":-5,"unknown":3}}"#,
                ExpectedWire.toxic("bandwidth_downstream", "bandwidth", #""rate":-5"#)
            ),
            (
                #"{"type":"latency","name":"q","attributes":null,"toxicity":null,"stream":null}"#,
                ExpectedWire.toxic("q", "latency", #""latency":0,"jitter":0"#)
            ),
        ])
        func acceptedToxicsEchoEveryAttribute(body: String, toxic: String) throws {  // cases 17, 19, 20, 21
            #expect(try send("POST", "/proxies/p1/toxics", body) == ExpectedWire.ok(toxic))
        }

        @Test func patchMergesAndPostUpdatesOnlyWhatMayChange() throws {  // case 22
            _ = try send("POST", "/proxies/p1/toxics", #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#)
            #expect(
                try send("PATCH", "/proxies/p1/toxics/latency_downstream", #"{"attributes":{"jitter":5}}"#)
                    == ExpectedWire.ok(
                        ExpectedWire.toxic("latency_downstream", "latency", #""latency":100,"jitter":5"#)
                    )
            )
            #expect(
                try send(
                    "POST",
                    "/proxies/p1/toxics/latency_downstream",
                    #"{"toxicity":0.25,"name":"zz","type":"timeout"}"#
                )
                    == ExpectedWire.ok(
                        ExpectedWire.toxic(
                            "latency_downstream",
                            "latency",
                            #""latency":100,"jitter":5"#,
                            toxicity: "0.25"
                        )
                    )
            )
        }

        @Test func aFailedPatchChangesNothing() throws {  // case 23 as CONTRACT §2 replaces it
            _ = try send("POST", "/proxies/p1/toxics", #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#)
            #expect(
                try send(
                    "PATCH",
                    "/proxies/p1/toxics/latency_downstream",
                    #"{"attributes":{"jitter":"x","latency":7}}"#
                )
                    == ExpectedWire.error(
                        "400 Bad Request",
                        "bad request body: json: cannot unmarshal string into Go struct field LatencyToxic.attributes.jitter of type int64"
                    )
            )
            #expect(try send("GET", "/proxies/p1/toxics/latency_downstream") == ExpectedWire.ok(Self.latency))
        }

        @Test func aMissingToxicIs404BeforeTheBodyIsRead() throws {  // case 24
            #expect(
                try send("PATCH", "/proxies/p1/toxics/nope", "junk")
                    == ExpectedWire.error("404 Not Found", "toxic not found")
            )
        }

        @Test func upstreamToxicsAreListedFirst() throws {  // case 25
            _ = try send("POST", "/proxies/p1/toxics", #"{"type":"noop","name":"A"}"#)
            _ = try send("POST", "/proxies/p1/toxics", #"{"type":"noop","name":"B","stream":"upstream"}"#)
            _ = try send("POST", "/proxies/p1/toxics", #"{"type":"noop","name":"C"}"#)
            let list = [
                ExpectedWire.toxic("B", "noop", "", stream: "upstream"), ExpectedWire.toxic("A", "noop", ""),
                ExpectedWire.toxic("C", "noop", ""),
            ]
            #expect(try send("GET", "/proxies/p1/toxics") == ExpectedWire.ok("[" + list.joined(separator: ",") + "]"))
        }

        @Test func deleteIs204ThenNotFound() throws {  // case 26
            _ = try send("POST", "/proxies/p1/toxics", #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#)
            let deleted = try client.send("DELETE", "/proxies/p1/toxics/latency_downstream")
            #expect(deleted.normalized(server.ports) == ExpectedWire.noContent)
            #expect(deleted.body.isEmpty && deleted.header("Content-Type") == nil)
            #expect(
                try send("DELETE", "/proxies/p1/toxics/latency_downstream")
                    == ExpectedWire.error("404 Not Found", "toxic not found")
            )
        }
    }
}
