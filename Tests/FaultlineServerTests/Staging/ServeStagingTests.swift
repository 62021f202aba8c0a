/// `faultline serve` in staging: token files checked at start, SIGTERM drains, the config file is followed.
import FaultlineTestSupport
import Glibc
import Testing

@Suite(.serialized) struct ServeStagingTests {
    func serve(_ arguments: [String]) throws -> Subprocess {
        try Subprocess([try Subprocess.faultlinePath(), "serve", "--port", "0", "--log-level", "info"] + arguments)
    }

    /// Sends `text` through an echo proxy and reads it back.
    static func echo(_ socket: BlockingSocket, _ text: String) throws -> String {
        try socket.send(text)
        return String(decoding: try socket.receive(exactly: text.utf8.count, timeout: 5), as: UTF8.self)
    }

    static func write(_ text: String, mode: mode_t) -> String {
        let path = ExecutableTests.writeConfig(text)
        chmod(path, mode)
        return path
    }

    @Test(arguments: [("missing", "cannot read: no such file or directory"), ("empty", "empty"),
                      ("world", "readable by everyone (mode 0644)")])
    func anUnusableTokenFileStopsTheStartNamingIt(kind: String, reason: String) throws {
        let path: String
        switch kind {
        case "missing": path = "/nonexistent/token"
        case "empty": path = Self.write(" \n", mode: 0o600)
        default: path = Self.write("s3cret\n", mode: 0o644)
        }
        defer { unlink(path) }
        let process = try serve(["--admin-token-file", path])
        #expect(process.wait() == 1)
        #expect(process.stderr.contains("startup failed: admin token file \(path): \(reason)"), "\(process.stderr)")
    }

    @Test func badHardeningArgumentsAreUsageErrors() throws {
        let allow = try serve(["--admin-allow", "10.0.0.0/8,nonsense"])
        #expect(allow.wait() == 64)
        #expect(allow.stderr.contains("--admin-allow: nonsense is not an address or CIDR block"), "\(allow.stderr)")
        let group = try serve(["--admin-socket-group", "root"])
        #expect(group.wait() == 64)
        let watch = try serve(["--watch-config"])
        #expect(watch.wait() == 64)
    }

    @Test func sigtermDrainsLiveConnectionsThenExits() throws {
        let echo = try TestUpstream.echo()
        let config = ExecutableTests.writeConfig(#"[{"name":"e","listen":"127.0.0.1:0","upstream":"127.0.0.1:\#(echo.port)"}]"#)
        defer { unlink(config) }
        let process = try serve(["--config", config, "--drain-timeout", "20s"])
        #expect(TestClock.eventually(timeout: 20) { process.stderr.contains(" ready ") })
        let admin = try #require(ServeProcess.port(in: process.stderr, line: "admin API listening", key: "address"))
        let port = try #require(ServeProcess.port(in: process.stderr, line: "proxy started", key: "listen"))
        let live = try BlockingSocket.connect(port: port)
        #expect(try Self.echo(live, "before") == "before")

        process.signal(SIGTERM)
        #expect(TestClock.eventually(timeout: 10) { process.stderr.contains("draining") })
        // New connections are refused; the live one carries on; the admin API says not ready.
        #expect(throws: BlockingSocket.Failure.self) { _ = try BlockingSocket.connect(port: port) }
        #expect(try Self.echo(live, "during") == "during")
        let ready = try AdminClient(port: admin).send("GET", "/readyz")
        #expect(ready.status == 503 && ready.bodyText.contains("\"draining\":true"))
        #expect(process.wait(timeout: 0.5) == nil, "still draining while a connection is open")

        let start = TestClock.now()
        live.close()
        #expect(process.wait(timeout: 10) == 0)
        #expect(TestClock.now() - start < 5, "exits once the last connection has gone")
        #expect(process.stderr.contains("drained, shutting down connections_closed=0"))
    }

    @Test func theDrainTimeoutClosesWhatIsLeft() throws {
        let echo = try TestUpstream.echo()
        let config = ExecutableTests.writeConfig(#"[{"name":"e","listen":"127.0.0.1:0","upstream":"127.0.0.1:\#(echo.port)"}]"#)
        defer { unlink(config) }
        let process = try serve(["--config", config, "--drain-timeout", "1s"])
        #expect(TestClock.eventually(timeout: 20) { process.stderr.contains(" ready ") })
        let port = try #require(ServeProcess.port(in: process.stderr, line: "proxy started", key: "listen"))
        let live = try BlockingSocket.connect(port: port)
        #expect(try Self.echo(live, "x") == "x")
        process.signal(SIGTERM)
        #expect(process.wait(timeout: 10) == 0)
        #expect(process.stderr.contains("drained, shutting down connections_closed=1"), "\(process.stderr)")
        #expect((try? live.receive(max: 1, timeout: 5)) ?? [] == [], "the connection was closed")
    }

    @Test func aSecondSignalEndsTheDrainAtOnce() throws {
        let echo = try TestUpstream.echo()
        let config = ExecutableTests.writeConfig(#"[{"name":"e","listen":"127.0.0.1:0","upstream":"127.0.0.1:\#(echo.port)"}]"#)
        defer { unlink(config) }
        let process = try serve(["--config", config, "--drain-timeout", "60s"])
        #expect(TestClock.eventually(timeout: 20) { process.stderr.contains(" ready ") })
        let port = try #require(ServeProcess.port(in: process.stderr, line: "proxy started", key: "listen"))
        let live = try BlockingSocket.connect(port: port)
        #expect(try Self.echo(live, "x") == "x")
        process.signal(SIGTERM)
        #expect(TestClock.eventually(timeout: 10) { process.stderr.contains("draining") })
        process.signal(SIGINT)
        #expect(process.wait(timeout: 5) == 0)
    }
}

@Suite(.serialized) struct AdminSocketCLITests {
    @Test func theCLIAndCurlUseTheUnixSocketWithTheToken() throws {
        let socket = try GatedServer.socketPath()
        let token = ServeStagingTests.write("cli-token\n", mode: 0o600)
        defer {
            unlink(token)
            GatedServer.remove(socketPath: socket)
        }
        let server = try Subprocess(faultline: [
            "serve", "--admin-socket", socket, "--admin-token-file", token, "--log-level", "info",
        ])
        #expect(TestClock.eventually(timeout: 20) { server.stderr.contains(" ready ") })
        #expect(server.stderr.contains("admin=\"off unix:\(socket)\""), "the socket alone: \(server.stderr)")
        let admin = "unix://\(socket)"

        let refused = try Subprocess.faultline(["list", "--admin", admin])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("HTTP 401: missing or invalid bearer token (set FAULTLINE_TOKEN or pass --token-file)"))
        let created = try Subprocess.faultline(
            ["create", "web", "-l", "127.0.0.1:0", "-u", "127.0.0.1:9", "--admin", admin],
            environment: ["FAULTLINE_TOKEN": "cli-token"])
        #expect(created.status == 0, "\(created.stderr)")
        let listed = try Subprocess.faultline(["list", "--admin", admin, "--token-file", token])
        #expect(listed.status == 0 && listed.stdout.contains("web"), "\(listed.stderr)")
        let health = try Subprocess.faultline(["health", "--ready", "--admin", admin])
        #expect(health.status == 0 && health.stdout == "{\"status\":\"ready\"}\n")

        let curl = try Subprocess([
            "/usr/bin/curl", "-s", "--unix-socket", socket, "-H", "Authorization: Bearer cli-token",
            "http://localhost/proxies/web",
        ])
        #expect(curl.wait() == 0)
        #expect(curl.stdout.contains("\"name\":\"web\""), "\(curl.stdout)")
        #expect(server.terminate() == 0)
        #expect(access(socket, F_OK) != 0)
    }
}
