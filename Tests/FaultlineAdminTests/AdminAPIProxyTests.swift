/// The proxy routes of the admin API with exact bytes, following the reference's conformance cases.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import Testing

@Suite struct AdminAPIProxyTests {
    let harness = AdminHarness()

    @Test func emptyIndex() {  // case 4
        #expect(harness.send("GET", "/proxies") == Wire.ok("{}"))
    }

    @Test func createShowsTheBoundAddress() {  // cases 5 and 6
        let body = #"{"name":"p1","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#
        #expect(
            harness.send("POST", "/proxies", body)
                == Wire.json("201 Created", Wire.proxy("p1", "127.0.0.1:40001", "127.0.0.1:9"))
        )
        #expect(harness.send("POST", "/proxies", body) == Wire.error("409 Conflict", "proxy already exists"))
    }

    @Test(arguments: [
        (#"{"upstream":"x:1"}"#, "missing required field: name"),
        (#"{"name":"a"}"#, "missing required field: upstream"),
        ("", "bad request body: EOF"),
        (#"{"name":"#, "bad request body: unexpected EOF"),
        ("garbage", "bad request body: invalid character 'g' looking for beginning of value"),
        ("[]", "bad request body: json: cannot unmarshal array into Go value of type toxiproxy.Proxy"),
        (
            #"{"name":"a","upstream":"b","enabled":"yes"}"#,
            "bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type bool"
        ),
    ])
    func createRefusals(body: String, message: String) {  // case 7
        #expect(harness.send("POST", "/proxies", body) == Wire.error("400 Bad Request", message))
    }

    @Test func bindErrorsAre500AndCreateNothing() {  // case 8
        harness.control.takenPorts = [3310]
        #expect(
            harness.send("POST", "/proxies", #"{"name":"a","listen":"127.0.0.1:3310","upstream":"u:1"}"#)
                == Wire.error("500 Internal Server Error", "listen tcp 127.0.0.1:3310: bind: address already in use")
        )
        #expect(
            harness.send("POST", "/proxies", #"{"name":"a","listen":"badaddr","upstream":"u:1"}"#)
                == Wire.error("500 Internal Server Error", "listen tcp: address badaddr: missing port in address")
        )
        #expect(harness.send("GET", "/proxies") == Wire.ok("{}"))
    }

    @Test func disabledProxiesKeepTheirListenText() {  // case 9
        let body = #"{"name":"d","listen":"localhost:18490","upstream":"x:1","enabled":false}"#
        #expect(
            harness.send("POST", "/proxies", body)
                == Wire.json("201 Created", Wire.proxy("d", "localhost:18490", "x:1", enabled: false))
        )
    }

    @Test func keysAreCaseInsensitiveAndTrailingJunkIgnored() {  // case 10
        let body = #"{"NAME":"c","Upstream":"x:1","LISTEN":"127.0.0.1:0"} trailing-junk"#
        #expect(
            harness.send("POST", "/proxies", body)
                == Wire.json("201 Created", Wire.proxy("c", "127.0.0.1:40001", "x:1"))
        )
    }

    @Test(arguments: [
        ("0.0.0.0:7000", "[::]:7000"), (":7001", "[::]:7001"), ("", "[::]:40001"),
        ("localhost:7002", "127.0.0.1:7002"),
    ])
    func wildcardListensShowAsV6(listen: String, shown: String) {  // case 11
        let body = "{\"name\":\"w\",\"listen\":\"\(listen)\",\"upstream\":\"x:1\"}"
        #expect(harness.send("POST", "/proxies", body) == Wire.json("201 Created", Wire.proxy("w", shown, "x:1")))
    }

    @Test func indexIsSortedByBytes() {
        for name in ["b", "a", "B", "é"] {
            harness.send(
                "POST",
                "/proxies",
                "{\"name\":\"\(name)\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"u\",\"enabled\":false}"
            )
        }
        let proxies = ["B", "a", "b", "é"].map { "\"\($0)\":" + Wire.proxy($0, "127.0.0.1:0", "u", enabled: false) }
        #expect(harness.send("GET", "/proxies") == Wire.ok("{" + proxies.joined(separator: ",") + "}"))
    }

    @Test(arguments: [
        ("GET", "/proxies/nope"), ("DELETE", "/proxies/nope"), ("GET", "/proxies/nope/toxics"),
        ("PATCH", "/proxies/nope"), ("POST", "/proxies/nope/toxics"), ("GET", "/proxies/nope/toxics/t"),
        ("DELETE", "/proxies/nope/toxics/t"), ("PATCH", "/proxies/nope/toxics/t"),
    ])
    func unknownProxiesAre404(method: String, path: String) {  // case 12
        #expect(harness.send(method, path, "junk") == Wire.error("404 Not Found", "proxy not found"))
    }

    @Test func showAndDelete() {
        harness.send("POST", "/proxies", #"{"name":"p1","listen":"127.0.0.1:0","upstream":"u:1"}"#)
        #expect(harness.send("GET", "/proxies/p1") == Wire.ok(Wire.proxy("p1", "127.0.0.1:40001", "u:1")))
        #expect(harness.send("DELETE", "/proxies/p1") == Wire.noContent)
        #expect(harness.send("DELETE", "/proxies/p1") == Wire.error("404 Not Found", "proxy not found"))
    }

    @Test func disableAndReEnableKeepsThePort() {  // case 32
        harness.send("POST", "/proxies", #"{"name":"p1","listen":"127.0.0.1:0","upstream":"u:1"}"#)
        #expect(
            harness.send("PATCH", "/proxies/p1", #"{"enabled":false}"#)
                == Wire.ok(Wire.proxy("p1", "127.0.0.1:40001", "u:1", enabled: false))
        )
        #expect(
            harness.send("POST", "/proxies/p1", #"{"enabled":true,"name":"renamed"}"#)
                == Wire.ok(Wire.proxy("p1", "127.0.0.1:40001", "u:1"))
        )
    }

    @Test func updateBindFailureLeavesTheNewListenDisabled() {  // case 33
        harness.control.takenPorts = [5555]
        harness.send("POST", "/proxies", #"{"name":"p1","listen":"127.0.0.1:0","upstream":"u:1"}"#)
        #expect(
            harness.send("PATCH", "/proxies/p1", #"{"listen":"127.0.0.1:5555"}"#)
                == Wire.error("500 Internal Server Error", "listen tcp 127.0.0.1:5555: bind: address already in use")
        )
        #expect(
            harness.send("GET", "/proxies/p1") == Wire.ok(Wire.proxy("p1", "127.0.0.1:5555", "u:1", enabled: false))
        )
        #expect(
            harness.send("PATCH", "/proxies/p1", #"{"listen":"nope"}"#)
                == Wire.error("500 Internal Server Error", "address nope: missing port in address")
        )
    }

    @Test func updateBodyErrorsChangeNothing() {
        harness.send("POST", "/proxies", #"{"name":"p1","listen":"127.0.0.1:0","upstream":"u:1"}"#)
        #expect(
            harness.send("PATCH", "/proxies/p1", #"{"upstream":"new:1","enabled":"no"}"#)
                == Wire.error(
                    "400 Bad Request",
                    "bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type bool"
                )
        )
        #expect(harness.send("PATCH", "/proxies/p1", "") == Wire.error("400 Bad Request", "bad request body: EOF"))
        #expect(harness.send("GET", "/proxies/p1") == Wire.ok(Wire.proxy("p1", "127.0.0.1:40001", "u:1")))
    }

    @Test func updateMayEmptyTheUpstream() {
        harness.send("POST", "/proxies", #"{"name":"p1","listen":"127.0.0.1:0","upstream":"u:1","enabled":false}"#)
        #expect(
            harness.send("PATCH", "/proxies/p1", #"{"upstream":""}"#)
                == Wire.ok(Wire.proxy("p1", "127.0.0.1:0", "", enabled: false))
        )
    }

    @Test func resetEnablesEverythingAndDropsToxics() {  // case 34
        harness.send("POST", "/proxies", #"{"name":"a","listen":"127.0.0.1:0","upstream":"u:1","enabled":false}"#)
        harness.send("POST", "/proxies", #"{"name":"b","listen":"127.0.0.1:0","upstream":"u:1"}"#)
        harness.send("POST", "/proxies/b/toxics", #"{"type":"latency"}"#)
        #expect(harness.send("POST", "/reset", "ignored body") == Wire.noContent)
        #expect(
            harness.send("GET", "/proxies")
                == Wire.ok(
                    "{\"a\":" + Wire.proxy("a", "127.0.0.1:40002", "u:1")
                        + ",\"b\":" + Wire.proxy("b", "127.0.0.1:40001", "u:1") + "}"
                )
        )
    }

    @Test func resetFailureIs500() {
        harness.control.takenPorts = [6000]
        harness.send("POST", "/proxies", #"{"name":"a","listen":"127.0.0.1:6000","upstream":"u:1","enabled":false}"#)
        #expect(
            harness.send("POST", "/reset")
                == Wire.error("500 Internal Server Error", "listen tcp 127.0.0.1:6000: bind: address already in use")
        )
    }
}

@Suite struct AdminAPIPopulateTests {
    let harness = AdminHarness()

    @Test func emptyListsAndEmptyBodies() {  // case 27
        #expect(harness.send("POST", "/populate", "[]") == Wire.populate("201 Created", #"{"proxies":null}"#))
        #expect(
            harness.send("POST", "/populate", "")
                == Wire.populate("400 Bad Request", #"{"error":"bad request body: EOF","status":400,"proxies":null}"#)
        )
    }

    @Test func validationHappensBeforeAnyChange() {  // case 28
        let body = #"[{"name":"a","listen":"127.0.0.1:7000","upstream":"u:1"},{"name":"","upstream":"x"}]"#
        #expect(
            harness.send("POST", "/populate", body)
                == Wire.populate(
                    "400 Bad Request",
                    #"{"error":"missing required field: name at proxy 2","status":400,"proxies":null}"#
                )
        )
        #expect(harness.send("GET", "/proxies") == Wire.ok("{}"))
    }

    @Test func firstBindErrorStopsAndReportsWhatWasDone() {  // case 29
        harness.control.takenPorts = [7001]
        let body =
            #"[{"name":"a","listen":"127.0.0.1:7000","upstream":"u:1"},{"name":"c","listen":"127.0.0.1:7001","upstream":"u:1"},{"name":"d","listen":"127.0.0.1:7002","upstream":"u:1"}]"#
        #expect(
            harness.send("POST", "/populate", body)
                == Wire.populate(
                    "500 Internal Server Error",
                    #"{"error":"listen tcp 127.0.0.1:7001: bind: address already in use","status":500,"proxies":["#
                        + Wire.proxy("a", "127.0.0.1:7000", "u:1") + "]}"
                )
        )
        #expect(harness.control.entries.map(\.name) == ["a"])
    }

    @Test func identicalProxiesAreLeftAlone() {  // case 30
        harness.send("POST", "/proxies", #"{"name":"a","listen":"127.0.0.1:7000","upstream":"u:1"}"#)
        harness.send("POST", "/proxies/a/toxics", #"{"type":"latency","attributes":{"latency":5}}"#)
        let before = harness.control.entry("a")?.generation
        let body = #"[{"name":"a","listen":"localhost:7000","upstream":"u:1","enabled":false}]"#
        let toxic =
            #"{"attributes":{"latency":5,"jitter":0},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}"#
        #expect(
            harness.send("POST", "/populate", body)
                == Wire.populate(
                    "201 Created",
                    "{\"proxies\":[" + Wire.proxy("a", "127.0.0.1:7000", "u:1", toxics: toxic) + "]}"
                )
        )
        #expect(harness.control.entry("a")?.generation == before)
    }

    @Test func differentProxiesAreReplaced() {  // case 31
        harness.send("POST", "/proxies", #"{"name":"a","listen":"127.0.0.1:7000","upstream":"u:1"}"#)
        harness.send("POST", "/proxies/a/toxics", #"{"type":"latency"}"#)
        let before = harness.control.entry("a")?.generation
        #expect(
            harness.send("POST", "/populate", #"[{"name":"a","listen":"127.0.0.1:7000","upstream":"u:2"}]"#)
                == Wire.populate("201 Created", "{\"proxies\":[" + Wire.proxy("a", "127.0.0.1:7000", "u:2") + "]}")
        )
        #expect(harness.control.entry("a")?.generation != before)
    }

    @Test func entriesMayCarryToxics() {
        let body =
            #"[{"name":"web","listen":"127.0.0.1:0","upstream":"u:1","toxics":[{"type":"latency","attributes":{"latency":100}},{"type":"noop","stream":"upstream","seed":7}]}]"#
        let toxics =
            #"{"attributes":{},"name":"noop_upstream","type":"noop","stream":"upstream","toxicity":1},"#
            + #"{"attributes":{"latency":100,"jitter":0},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}"#
        #expect(
            harness.send("POST", "/populate", body)
                == Wire.populate(
                    "201 Created",
                    "{\"proxies\":[" + Wire.proxy("web", "127.0.0.1:40001", "u:1", toxics: toxics) + "]}"
                )
        )
        #expect(harness.control.entry("web")?.toxics.last?.seed == nil)
        #expect(harness.control.entry("web")?.toxics.first?.seed == 7)
    }

    @Test func toxicErrorsNameTheEntryAndToxic() {
        let body = #"[{"name":"web","upstream":"u:1","toxics":[{"type":"latency","attributes":{"latency":1.5}}]}]"#
        #expect(
            harness.send("POST", "/populate", body)
                == Wire.populate(
                    "400 Bad Request",
                    #"{"error":"bad request body: json: cannot unmarshal number 1.5 into Go struct field LatencyToxic.attributes.latency of type int64 at proxy 1 (web) toxic 1","status":400,"proxies":null}"#
                )
        )
    }

    @Test func objectBodiesAreRefusedWithGoTypeName() {
        #expect(
            harness.send("POST", "/populate", "{}")
                == Wire.populate(
                    "400 Bad Request",
                    #"{"error":"bad request body: json: cannot unmarshal object into Go value of type []struct { toxiproxy.Proxy; Enabled *bool \"json:\\\"enabled\\\"\" }","status":400,"proxies":null}"#
                )
        )
    }
}
