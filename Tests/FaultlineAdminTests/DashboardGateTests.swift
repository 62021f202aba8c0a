/// The dashboard's gate: the page only for the admin's own `Host`, the API only for the page's own calls from browsers.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import Testing

/// Drives an `AdminAPI` with the dashboard on, with any headers (the shared harness always sends its own `Host`).
struct DashboardHarness {
    static let token = String(repeating: "ab", count: 32)
    static let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
    let control = FakeProxyControl()
    var dashboard: DashboardAccess? = DashboardAccess(
        token: token, authority: AdminAuthority(configuredHost: "localhost", boundHost: "127.0.0.1"))

    var api: AdminAPI { AdminAPI(control: control, serverVersion: "0.1.0", dashboard: dashboard) }

    @discardableResult
    func send(_ method: String, _ target: String, _ body: String? = nil, headers: [(String, String)]) -> HTTPResponse {
        var request = HTTPRequest(
            method: HTTPMethod(rawValue: method), path: target, headers: HTTPHeaders(headers.map {
                HTTPHeaders.Field(name: $0.0, value: $0.1)
            }), body: Array((body ?? "").utf8))
        if let query = target.split(separator: "?", maxSplits: 1).dropFirst().first {
            request.path = String(target.prefix { $0 != "?" })
            request.query = String(query)
        }
        return api.respond(to: request, context: AdminAPI.Context(requestID: requestID, date: date))
    }

    /// Headers Chromium sends on one of the page's own `fetch` calls to a server at `host`.
    static func pageCall(host: String = "localhost:8474", token: String = token, post: Bool = false) -> [(String, String)] {
        var headers = [("Host", host), ("User-Agent", chrome), ("Sec-Fetch-Site", "same-origin"),
                       ("Sec-Fetch-Mode", "cors"), ("X-Faultline-Token", token)]
        if post { headers.append(("Origin", "http://\(host)")) }
        return headers
    }
}

@Suite struct DashboardGateTests {
    let harness = DashboardHarness()

    @Test func thePageIsServedToBrowsersWithItsTokenAndHeaders() {
        let response = harness.send("GET", "/ui", headers: [("Host", "localhost:8474"), ("User-Agent", DashboardHarness.chrome),
                                                          ("Sec-Fetch-Site", "none"), ("Sec-Fetch-Mode", "navigate")])
        #expect(response.status == .ok)
        #expect(response.bodyText.contains("<meta name=\"faultline-token\" content=\"\(DashboardHarness.token)\">"))
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(response.headers["X-Frame-Options"] == "DENY")
        let policy = response.headers["Content-Security-Policy"] ?? ""
        #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"))
        #expect(policy.contains("script-src 'sha256-") && !policy.contains("unsafe-inline"))
        #expect(response.body.count < 100 * 1024, "the page weighs \(response.body.count) bytes")
    }

    /// Any port: behind `docker run -p 32768:8474` the browser's port is not the one bound.
    @Test(arguments: ["localhost:8474", "LOCALHOST:8474", "127.0.0.1:8474", "localhost:32768", "localhost"])
    func theAdminAddressMayNameThePage(host: String) {
        #expect(harness.send("GET", "/ui", headers: [("Host", host), ("User-Agent", DashboardHarness.chrome)]).status == .ok)
    }

    /// DNS rebinding: the attacker's name resolves to 127.0.0.1, so its page is "same-origin" with the admin port,
    /// but its requests carry its own name.
    @Test(arguments: ["evil.example:8474", "evil.example", "127.0.0.2:8474", "", "[::1]:8474", "localhost.evil:8474"])
    func anyOtherHostIsRefusedThePage(host: String) {
        let response = harness.send("GET", "/ui", headers: [("Host", host), ("User-Agent", DashboardHarness.chrome)])
        #expect(response.status == .forbidden)
        #expect(response.bodyText == "Host not allowed\n")
        #expect(!response.bodyText.contains(DashboardHarness.token))
    }

    @Test func anotherSiteMayNavigateToThePageButNotFetchIt() {
        let base = [("Host", "localhost:8474"), ("User-Agent", DashboardHarness.chrome), ("Sec-Fetch-Site", "cross-site")]
        #expect(harness.send("GET", "/ui", headers: base + [("Sec-Fetch-Mode", "navigate")]).status == .ok)
        #expect(harness.send("GET", "/ui", headers: base + [("Sec-Fetch-Mode", "cors")]).status == .forbidden)
        #expect(harness.send("GET", "/ui", headers: base + [("Sec-Fetch-Mode", "no-cors")]).status == .forbidden)
    }

    @Test func thePagesOwnCallsPassTheBrowserGuard() {
        let create = #"{"name":"p","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#
        #expect(harness.send("POST", "/proxies", create, headers: DashboardHarness.pageCall(post: true)).status == .created)
        let toxic = #"{"type":"latency","attributes":{"latency":100}}"#
        let added = harness.send("POST", "/proxies/p/toxics", toxic, headers: DashboardHarness.pageCall(post: true))
        #expect(added.status == .ok)
        #expect(harness.control.entry("p")?.toxics.count == 1)
        #expect(harness.send("GET", "/proxies", headers: DashboardHarness.pageCall()).status == .ok)
        #expect(harness.send("GET", "/toxic-types", headers: DashboardHarness.pageCall()).status == .ok)
    }

    @Test func browsersWithoutTheTokenGetToxiproxysRefusal() {
        var headers = DashboardHarness.pageCall(post: true)
        headers.removeLast(2)  // no token, no Origin
        for (method, path) in [("GET", "/proxies"), ("POST", "/reset"), ("GET", "/toxic-types"), ("GET", "/version")] {
            let response = harness.send(method, path, headers: headers)
            #expect(response.status == .forbidden)
            #expect(response.bodyText == "User agent not allowed\n")
        }
    }

    /// A cross-site form post, a rebinding page with a stolen token, a wrong token, another site's script.
    @Test(arguments: [
        [("Host", "localhost:8474"), ("User-Agent", DashboardHarness.chrome), ("Origin", "http://evil.example"),
         ("Sec-Fetch-Site", "cross-site"), ("Content-Type", "application/x-www-form-urlencoded")],
        DashboardHarness.pageCall(host: "evil.example:8474", post: true),
        DashboardHarness.pageCall(token: String(repeating: "ab", count: 31) + "ac", post: true),
        DashboardHarness.pageCall(token: "", post: true),
        DashboardHarness.pageCall(post: false) + [("Origin", "http://evil.example")],
        DashboardHarness.pageCall().map { $0.0 == "Sec-Fetch-Site" ? ($0.0, "same-site") : $0 },
    ])
    func everyOtherBrowserRequestIsRefused(headers: [(String, String)]) {
        for (method, path) in [("POST", "/reset"), ("POST", "/proxies"), ("GET", "/ui/state"), ("DELETE", "/proxies/p")] {
            #expect(harness.send(method, path, "{}", headers: headers).status == .forbidden, "\(method) \(path)")
        }
    }

    /// A script may replace the user agent on a same-origin request (a rebinding page's), never `Sec-Fetch-Site`.
    @Test func aBrowserWithAnotherUserAgentIsStillABrowser() {
        let headers = [("Host", "evil.example:8474"), ("User-Agent", "curl/8.5.0"), ("Sec-Fetch-Site", "same-origin")]
        #expect(harness.send("POST", "/reset", headers: headers).status == .forbidden)
    }

    /// Toxiproxy's clients are untouched: any `Host` (Docker's mapped ports, compose service names), no token.
    @Test(arguments: ["evil.example:8474", "toxiproxy:8474", "localhost:32768", "127.0.0.1"])
    func nonBrowserClientsPassWhateverTheirHost(host: String) {
        let headers = [("Host", host), ("User-Agent", "Go-http-client/1.1")]
        #expect(harness.send("GET", "/proxies", headers: headers).status == .ok)
        #expect(harness.send("POST", "/reset", headers: headers).status == .noContent)
        #expect(harness.send("GET", "/ui/state", headers: headers).status == .forbidden)
    }

    @Test func stateNeedsTheTokenAndCarriesTheTable() throws {
        harness.send("POST", "/proxies", #"{"name":"web","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#,
                     headers: [("Host", "x")])
        harness.control.traffic = TrafficSample(
            takenAtMilliseconds: 1234,
            proxies: ["web": ProxyTraffic(
                connections: 2, received: PerDirection(upstream: 10, downstream: 2000),
                sent: PerDirection(upstream: 9, downstream: 1999))])
        let listen = try #require(harness.control.entry("web")).listen
        let response = harness.send("GET", "/ui/state", headers: DashboardHarness.pageCall())
        #expect(response.status == .ok)
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(
            response.bodyText == #"{"sampled_ms":1234,"proxies":[{"name":"web","listen":""# + listen + "\","
                + #""upstream":"127.0.0.1:9","enabled":true,"Logger":{},"toxics":[]}],"traffic":{"web":"#
                + #"{"connections":2,"upstream":{"received":10,"sent":9},"downstream":{"received":2000,"sent":1999}}}}"#)
        let tokenless = DashboardHarness.pageCall().filter { $0.0 != "X-Faultline-Token" }
        #expect(harness.send("GET", "/ui/state", headers: tokenless).bodyText == "Dashboard token required\n")
    }

    @Test func withoutTheDashboardItsRoutesDoNotExistAndTheGuardIsToxiproxys() {
        var off = harness
        off.dashboard = nil
        #expect(off.send("GET", "/ui", headers: [("Host", "localhost:8474")]).status == .notFound)
        #expect(off.send("POST", "/ui", headers: [("Host", "localhost:8474")]).status == .notFound)
        #expect(harness.send("POST", "/ui", headers: [("Host", "localhost:8474")]).status == .methodNotAllowed)
        #expect(off.send("GET", "/ui/state", headers: DashboardHarness.pageCall()).status == .notFound)
        #expect(off.send("GET", "/proxies", headers: DashboardHarness.pageCall()).status == .forbidden)
        #expect(off.send("GET", "/toxic-types", headers: [("Host", "x")]).status == .ok)
    }
}
