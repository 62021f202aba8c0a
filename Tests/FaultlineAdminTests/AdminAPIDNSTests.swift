/// DNS proxies through the admin API: `kind` and `dns` reach the control, DNS toxic types follow the proxy's kind.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import Testing

@Suite struct AdminAPIDNSTests {
    let harness: AdminHarness

    init() {
        harness = AdminHarness()
        harness.send("POST", "/proxies", #"{"name":"t","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#)
        harness.send("POST", "/proxies", #"{"name":"d","kind":"dns","listen":"127.0.0.1:0","dns":{"records":[]}}"#)
    }

    @Test func dnsProxyIsCreatedWithoutUpstreamAndShowsItsKind() {
        #expect(
            harness.body("GET", "/proxies/d")
                == #"{"name":"d","listen":"127.0.0.1:40002","upstream":"","enabled":true,"Logger":{},"toxics":[],"kind":"dns","dns":{"records":[]}}"#
        )
        #expect(harness.body("GET", "/proxies/t") == Wire.proxy("t", "127.0.0.1:40001", "127.0.0.1:9"))
        #expect(
            harness.send("POST", "/proxies", #"{"name":"x","kind":"quic","listen":"127.0.0.1:0"}"#)
                == Wire.error("400 Bad Request", "invalid value for kind: must be tcp, dns or udp")
        )
    }

    @Test(arguments: ["servfail", "drop", "truncate"])
    func dnsOnlyTypesAreInvalidOnTCPProxies(type: String) {
        #expect(
            harness.send("POST", "/proxies/t/toxics", #"{"type":"\#(type)"}"#)
                == Wire.error("400 Bad Request", "invalid toxic type")
        )
    }

    @Test func dnsToxicsKeepTheirAttributesForTheControl() {
        let created = harness.send(
            "POST", "/proxies/d/toxics", #"{"type":"servfail","toxicity":0.5,"attributes":{"names":["*.test"]}}"#)
        #expect(
            created
                == Wire.ok(
                    #"{"attributes":{"names":["*.test"]},"name":"servfail_downstream","type":"servfail","stream":"downstream","toxicity":0.5}"#
                ))
        #expect(
            harness.send("POST", "/proxies/d/toxics", #"{"type":"latency","attributes":{"latency":1}}"#).contains(
                #"{"attributes":{"latency":1},"name":"latency_downstream","type":"latency""#))
        #expect(
            harness.send("POST", "/proxies/d/toxics", #"{"type":"bandwidth"}"#)
                == Wire.error("400 Bad Request", "invalid toxic type"))
        #expect(
            harness.send("POST", "/proxies/d/toxics/servfail_downstream", #"{"attributes":{"NAMES":["a.test"]}}"#)
                .contains(#"{"attributes":{"names":["a.test"]},"name":"servfail_downstream""#))
    }

    @Test func proxyUpdatePassesANewDNSBlockOnly() {
        harness.send("PATCH", "/proxies/d", #"{"enabled":true}"#)
        #expect(harness.control.entry("d")?.lastUpdateDNS == nil)
        harness.send("PATCH", "/proxies/d", #"{"dns":{"fallback":"refused"}}"#)
        #expect(
            harness.control.entry("d")?.lastUpdateDNS
                == .object([JSONMember(key: "fallback", value: .string("refused"))]))
    }
}
