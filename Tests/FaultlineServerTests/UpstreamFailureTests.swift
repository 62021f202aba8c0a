/// Upstreams that refuse, do not resolve, or reset mid-stream: prompt EOF/RST to the client, a log line, no collateral.
import FaultlineCore
import Glibc
import Testing

@Suite(.serialized) struct UpstreamFailureTests {
    /// A loopback port with nothing listening on it.
    static func closedPort() throws -> UInt16 {
        let upstream = try TestUpstream { _ in }
        let port = upstream.port
        upstream.stop()
        return port
    }

    @Test func refusedUpstreamClosesTheClientPromptlyAndLogsWhy() throws {
        let echo = try TestUpstream.echo()
        let harness = try ProxyHarness([
            ProxyHarness.spec("dead", upstream: "127.0.0.1:\(try Self.closedPort())"),
            ProxyHarness.spec("live", upstream: "127.0.0.1:\(echo.port)"),
        ])
        let bystander = try harness.connect("live")
        try bystander.send("before")
        #expect(try bystander.receive(exactly: 6) == Array("before".utf8))

        let start = TestClock.now()
        let client = try harness.connect("dead")
        #expect((try? client.receiveAll(timeout: 5)) ?? [] == [])
        #expect(TestClock.now() - start < 2)
        #expect(TestClock.eventually { harness.logs.contains("connection refused") })
        #expect(harness.logs.contains("proxy=dead"))

        try bystander.send("after")
        #expect(try bystander.receive(exactly: 5) == Array("after".utf8))
        #expect(harness.activeConnections("dead") == 0)
    }

    @Test func unresolvableUpstreamClosesTheClientPromptly() throws {
        let harness = try ProxyHarness([ProxyHarness.spec(upstream: "no-such-host.invalid:80")])
        let start = TestClock.now()
        let client = try harness.connect()
        #expect((try? client.receiveAll(timeout: 15)) ?? [] == [])
        #expect(TestClock.now() - start < 12)
        #expect(TestClock.eventually { harness.logs.contains("lookup no-such-host.invalid") })
    }

    @Test func malformedUpstreamClosesTheClientAndSaysWhy() throws {
        let harness = try ProxyHarness([ProxyHarness.spec(upstream: "not-an-address")])
        let client = try harness.connect()
        #expect((try? client.receiveAll(timeout: 5)) ?? [] == [])
        #expect(TestClock.eventually { harness.logs.contains("missing port in address") })
    }

    @Test func upstreamResetMidStreamResetsTheClient() throws {
        let upstream = try TestUpstream { socket in
            try? socket.send(Payload.random(count: 1000, seed: 3))
            _ = try? socket.receive(max: 1, timeout: 10)  // wait for the client's go-ahead
            socket.reset()
        }
        let harness = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(upstream.port)")])
        let client = try harness.connect()
        #expect(try client.receive(exactly: 1000) == Payload.random(count: 1000, seed: 3))
        try client.send("x")
        #expect(throws: BlockingSocket.Failure.errno(ECONNRESET)) { _ = try client.receiveAll(timeout: 5) }
        #expect(TestClock.eventually { harness.activeConnections() == 0 })
    }

    @Test func clientResetResetsTheUpstream() throws {
        let sawReset = Flag(false)
        let upstream = try TestUpstream { socket in
            if case .failure(BlockingSocket.Failure.errno(ECONNRESET)) = Result(catching: { try socket.receiveAll(timeout: 10) }) {
                sawReset.store(true)
            }
        }
        let harness = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(upstream.port)")])
        let client = try harness.connect()
        try client.send("hello")
        #expect(TestClock.eventually { upstream.connectionCount == 1 })
        client.reset()
        #expect(TestClock.eventually { sawReset.load() })
    }
}

