/// The runner's probes on a real loop and real loopback sockets: tcp, http and command samples, and their timeouts.
import FaultlineCore
import FaultlineExperiment
import FaultlinePosix
import Glibc
import Testing

@testable import FaultlineRunner

/// One loop and one driver; `sample` starts one sample and turns the loop until its result arrives.
final class ProbeHarness {
    let loop: EpollLoop
    let driver: ProbeDriver
    private let handle: LoopHandle<RunnerMessage>
    private var result: ProbeResult?

    init() throws {
        loop = try EpollLoop()
        handle = try LoopHandle<RunnerMessage>()
        let driver = ProbeDriver(loop: loop, handle: handle, userAgent: "runner-tests")
        self.driver = driver
        // Weak: the loop keeps this closure, and the driver keeps the loop.
        _ = try handle.attach(to: loop) { [weak driver] messages in
            for case .resolved(let token, let result) in messages { driver?.resolved(token, result) }
        }
        driver.onResult = { [weak self] _, result, _ in self?.result = result }
    }

    /// The sample's result; the sample's own timeout bounds the wait, and `limit` seconds bound the test.
    func sample(_ kind: ProbeKind, timeout: Duration = .seconds(2), limit: Double = 15) throws -> ProbeResult {
        result = nil
        driver.start(PlannedProbe(spec: ProbeSpec(name: "p", kind: kind, timeout: timeout), phase: .zero))
        let deadline = TestClock.now() + limit
        while result == nil, TestClock.now() < deadline { try loop.tick() }
        guard let result else { throw TestFailure("no result within \(limit)s") }
        return result
    }

    /// Turns the loop until every sample has let go of its sockets and children.
    func settle(limit: Double = 10) throws -> Bool {
        let deadline = TestClock.now() + limit
        while driver.liveSamples > 0, TestClock.now() < deadline { try loop.tick() }
        return driver.liveSamples == 0
    }

    static func http(
        port: UInt16, path: String = "/", method: String = "GET", status: [StatusRange] = [.init(200, 299)],
        bodyContains: String? = nil
    ) -> ProbeKind {
        .http(
            HTTPProbe(
                url: "http://127.0.0.1:\(port)\(path)", host: "127.0.0.1", port: port, target: path,
                method: method, status: status, bodyContains: bodyContains))
    }
}

/// A port nothing listens on: bound, read, closed.
func closedPort() throws -> UInt16 {
    let server = try LoopbackHTTPServer()
    let port = server.port
    server.stop()
    return port
}

@Suite struct ProbeSampleTests {
    @Test func tcpConnectSucceedsWithItsConnectTime() throws {
        let server = try LoopbackHTTPServer()
        let harness = try ProbeHarness()
        let result = try harness.sample(.tcp(TCPProbe(address: "x", host: "127.0.0.1", port: server.port)))
        guard case .success(let latency) = result else {
            Issue.record("got \(result)")
            return
        }
        #expect(latency < .seconds(1))
        #expect(try harness.settle())
    }

    @Test func tcpToAHostNameIsLookedUpOffTheLoop() throws {
        let server = try LoopbackHTTPServer()
        let harness = try ProbeHarness()
        let result = try harness.sample(.tcp(TCPProbe(address: "x", host: "localhost", port: server.port)))
        guard case .success = result else {
            Issue.record("got \(result)")
            return
        }
    }

    @Test func refusedConnectIsAFastFailureWithoutLatency() throws {
        let harness = try ProbeHarness()
        let result = try harness.sample(.tcp(TCPProbe(address: "x", host: "127.0.0.1", port: try closedPort())))
        guard case .failure(let reason, let latency) = result else {
            Issue.record("got \(result)")
            return
        }
        #expect(reason.contains("connection refused"), "\(reason)")
        #expect(latency == nil)
    }

    @Test(arguments: [
        (200, [StatusRange(200, 299)], true), (503, [StatusRange(200, 299)], false),
        (503, [StatusRange(500, 599)], true), (204, [StatusRange(204, 204)], true),
        (302, [StatusRange(200, 399)], true),
    ])
    func httpStatusIsCheckedAgainstCodesClassesAndRanges(code: Int, accepted: [StatusRange], succeeds: Bool) throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: code, body: code == 204 ? "" : "body") }
        let harness = try ProbeHarness()
        let result = try harness.sample(ProbeHarness.http(port: server.port, status: accepted))
        // The status travels with the verdict, for the report's per-status counts.
        guard case .answered(let status, let verdict) = result else {
            Issue.record("got \(result)")
            return
        }
        #expect(status == code)
        switch verdict {
        case .success: #expect(succeeds)
        case .failure(let reason, let latency):
            #expect(!succeeds)
            #expect(reason == "status \(code)")
            #expect(latency != nil)
        case .timedOut, .answered: Issue.record("got \(verdict)")
        }
    }

    @Test func httpSendsOneRequestPerConnectionWithHostAndClose() throws {
        let server = try LoopbackHTTPServer()
        let harness = try ProbeHarness()
        _ = try harness.sample(ProbeHarness.http(port: server.port, path: "/health?x=1"))
        _ = try harness.sample(ProbeHarness.http(port: server.port, path: "/health?x=1"))
        let heads = server.received
        #expect(heads.count == 2)
        #expect(heads.allSatisfy { $0.hasPrefix("GET /health?x=1 HTTP/1.1\r\n") })
        #expect(
            heads.allSatisfy { $0.contains("Host: 127.0.0.1:\(server.port)\r\n") && $0.contains("Connection: close") })
    }

    @Test func httpBodyMustContainTheText() throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, body: "all systems nominal") }
        let harness = try ProbeHarness()
        let found = try harness.sample(ProbeHarness.http(port: server.port, bodyContains: "nominal"))
        guard case .answered(200, .success) = found else {
            Issue.record("got \(found)")
            return
        }
        let missing = try harness.sample(ProbeHarness.http(port: server.port, bodyContains: "degraded"))
        guard case .answered(200, .failure(let reason, _)) = missing else {
            Issue.record("got \(missing)")
            return
        }
        #expect(reason == "body lacks \"degraded\"")
    }

    @Test func httpThatNeverAnswersTimesOutAndReleasesItsSocket() throws {
        let server = try LoopbackHTTPServer { _ in .silence }
        let harness = try ProbeHarness()
        let start = TestClock.now()
        let result = try harness.sample(ProbeHarness.http(port: server.port), timeout: .milliseconds(300))
        #expect(result == .timedOut)
        #expect(TestClock.now() - start < 3)
        #expect(try harness.settle())
    }

    @Test func commandSucceedsOnTheExpectedExitAndOutput() throws {
        let harness = try ProbeHarness()
        let kind = ProbeKind.command(
            CommandProbe(argv: ["sh", "-c", "echo alert quiet; exit 3"], expectExit: 3, stdoutContains: "quiet"))
        let result = try harness.sample(kind)
        guard case .success = result else {
            Issue.record("got \(result)")
            return
        }
        #expect(try harness.settle())
    }

    @Test(arguments: [
        (["false"], nil as String?, "exit 1, expected 0"), (["echo", "firing"], "quiet", "stdout lacks \"quiet\""),
    ])
    func commandFailureSaysWhy(argv: [String], stdoutContains: String?, reason expected: String) throws {
        let harness = try ProbeHarness()
        let result = try harness.sample(.command(CommandProbe(argv: argv, stdoutContains: stdoutContains)))
        guard case .failure(let reason, let latency) = result else {
            Issue.record("got \(result)")
            return
        }
        #expect(reason == expected)
        #expect(latency != nil)
    }

    @Test func missingProgramIsAFailureNotACrash() throws {
        let harness = try ProbeHarness()
        let result = try harness.sample(.command(CommandProbe(argv: ["/nonexistent/alert-check"])))
        guard case .failure(let reason, _) = result else {
            Issue.record("got \(result)")
            return
        }
        #expect(reason.contains("/nonexistent/alert-check"), "\(reason)")
    }

    @Test func slowCommandTimesOutAndIsKilledAndReaped() throws {
        let harness = try ProbeHarness()
        let start = TestClock.now()
        // The shell's child (sleep) is killed too: the group dies, so the pipe closes and the sample retires.
        let result = try harness.sample(
            .command(CommandProbe(argv: ["sh", "-c", "sleep 30; echo late"])), timeout: .milliseconds(300))
        #expect(result == .timedOut)
        #expect(try harness.settle())
        #expect(TestClock.now() - start < 5)
    }
}
