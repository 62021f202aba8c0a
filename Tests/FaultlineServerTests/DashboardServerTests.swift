/// The dashboard on a real server: its token opens `/ui/state`, whose counters come from every data loop without
/// the admin API ever waiting for them.
import Dispatch
import FaultlineCore
import FaultlineServer
import Logging
import Testing

@Suite(.serialized) struct DashboardServerTests {
    /// A request as the page's own `fetch` makes it (Chromium's headers), with or without the token.
    static func pageCall(_ target: String, port: UInt16, token: String?) -> [UInt8] {
        var head = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        head += "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0\r\nSec-Fetch-Site: same-origin\r\n"
        if let token { head += "X-Faultline-Token: \(token)\r\n" }
        return Array((head + "\r\n").utf8)
    }

    static func send(_ bytes: [UInt8], to client: AdminClient) throws -> RawResponse {
        try client.socket.send(bytes)
        return try client.readResponse()
    }

    /// The token in the page a browser gets from `/ui`.
    static func token(_ server: AdminServer) throws -> String {
        let page = try send(pageCall("/ui", port: server.port, token: nil), to: server.client())
        #expect(page.status == 200)
        let marker = #"<meta name="faultline-token" content=""#
        let after = try #require(page.bodyText.split(separator: marker, maxSplits: 1).last)
        return String(after.prefix { $0 != "\"" })
    }

    /// `/ui/state` parsed: the sample's time and `traffic[proxy]`'s numbers by path (`upstream.sent`, …).
    struct State {
        var sampled: UInt64?
        var traffic: [String: JSONValue] = [:]

        init() {}

        init(_ body: [UInt8]) throws {
            guard case .object(let top) = try JSONParser.parseFirstValue(body) else { return }
            for member in top {
                if member.key == "sampled_ms", case .number(let text) = member.value { sampled = UInt64(text) }
                if member.key == "traffic", case .object(let proxies) = member.value {
                    for proxy in proxies { traffic[proxy.key] = proxy.value }
                }
            }
        }

        func number(_ proxy: String, _ path: String) -> UInt64? {
            var value = traffic[proxy]
            for key in path.split(separator: ".") {
                guard case .object(let members)? = value else { return nil }
                value = members.first { $0.key == key }?.value
            }
            guard case .number(let text)? = value else { return nil }
            return UInt64(text)
        }
    }

    @Test func theStateCarriesLiveCountersFromEveryDataLoop() throws {
        let echo = try TestUpstream.echo()
        let server = try AdminServer(threads: 2)
        let port = try server.createProxy("p", upstream: "127.0.0.1:\(echo.port)")
        let token = try Self.token(server)
        let admin = try server.client()
        let client = try BlockingSocket.connect(port: port)
        try client.send([UInt8](repeating: 7, count: 10_000))
        #expect(try client.receive(exactly: 10_000).count == 10_000)
        var state = State()
        #expect(TestClock.eventually(timeout: 10) {
            guard let response = try? Self.send(Self.pageCall("/ui/state", port: server.port, token: token), to: admin),
                let parsed = try? State(response.body)
            else { return false }
            state = parsed
            return parsed.number("p", "upstream.sent") == 10_000 && parsed.number("p", "downstream.sent") == 10_000
                && parsed.number("p", "connections") == 1
        }, "\(state.traffic)")
        let first = try #require(state.sampled)
        client.close()
        #expect(TestClock.eventually(timeout: 10) {
            let body = (try? Self.send(Self.pageCall("/ui/state", port: server.port, token: token), to: admin))?.body
            guard let body, let parsed = try? State(body) else { return false }
            state = parsed
            return parsed.number("p", "connections") == 0 && (parsed.sampled ?? 0) > first
        }, "\(state.traffic)")
        let refused = try Self.send(Self.pageCall("/ui/state", port: server.port, token: nil), to: admin)
        #expect(refused.status == 403)
    }

    /// The counters are sampled in the background: a stuck data loop makes them older, never the answer later.
    @Test func theStateIsAnsweredAtOnceWhileEveryDataLoopIsStuck() throws {
        let server = try AdminServer(threads: 2)
        try server.createProxy("p", upstream: "127.0.0.1:9")
        let token = try Self.token(server)
        let admin = try server.client()
        let call = Self.pageCall("/ui/state", port: server.port, token: token)
        #expect(TestClock.eventually(timeout: 10) { (try? State(Self.send(call, to: admin).body))?.sampled != nil })
        let gate = DispatchSemaphore(value: 0)
        let holding = DispatchSemaphore(value: 0)
        server.handle.perform { server in
            server.runOnDataLoops {
                holding.signal()
                gate.wait()
            }
        }
        holding.wait()
        holding.wait()
        let stuck = try State(Self.send(call, to: admin).body).sampled
        let start = TestClock.now()
        for _ in 0..<5 {
            #expect(try Self.send(call, to: admin).status == 200)
        }
        #expect(TestClock.now() - start < 1, "the state waited for a stuck loop")
        gate.signal()
        gate.signal()
        #expect(TestClock.eventually(timeout: 10) {
            ((try? State(Self.send(call, to: admin).body))?.sampled ?? 0) > (stuck ?? 0)
        })
    }

    @Test func withoutTheDashboardUIIsNotFoundAndBrowsersAreRefusedAsByToxiproxy() throws {
        var config = ServerConfig(adminHost: "127.0.0.1", adminPort: 0)
        config.dashboard = false
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let handle = try ServerHandle.start(config: config, logger: logger)
        defer { handle.stop() }
        let port = try #require(handle.adminPort)
        let admin = try AdminClient(port: port)
        #expect(try Self.send(Self.pageCall("/ui", port: port, token: nil), to: admin).status == 404)
        #expect(try Self.send(Self.pageCall("/proxies", port: port, token: "x"), to: admin).status == 403)
    }
}
