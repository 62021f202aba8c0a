/// SIGHUP re-reads the config file all or nothing, and leaves entries the user did not change alone.
import FaultlineTestSupport
import Glibc
import Testing

@Suite(.serialized) struct ReloadTests {
    /// Rewrites the config file, sends SIGHUP and waits for the reload's log line; returns that line.
    static func reload(_ server: ServeProcess, with config: String) throws -> String {
        let before = Self.reloads(server)
        let file = fopen(server.configPath, "w")
        fputs(config, file)
        fclose(file)
        server.process.signal(SIGHUP)
        guard TestClock.eventually(timeout: 10, { Self.reloads(server) > before })
        else { throw ServeFailure(description: "no reload logged: \(server.process.stderr)") }
        return String(server.process.stderr.split(separator: "\n").last { $0.contains("config reload") } ?? "")
    }

    static func reloads(_ server: ServeProcess) -> Int {
        server.process.stderr.split(separator: "\n").filter { $0.contains("config reload") }.count
    }

    static func entry(_ name: String, listen: String = "127.0.0.1:0", upstream: UInt16) -> String {
        #"{"name":"\#(name)","listen":"\#(listen)","upstream":"127.0.0.1:\#(upstream)"}"#
    }

    @Test func anUnchangedFileChangesNothingAtAll() throws {
        let echo = try TestUpstream.echo()
        let config = "[" + Self.entry("a", upstream: echo.port) + "," + Self.entry("b", upstream: echo.port) + "]"
        let server = try ServeProcess(config: config)
        let port = try #require(server.port(of: "a"))
        let client = try BlockingSocket.connect(port: port)
        #expect(try client.roundTrip() < 1)
        let admin = try AdminClient(port: server.adminPort)
        #expect(try admin.send("POST", "/proxies/a/toxics", #"{"type":"latency","attributes":{"latency":300}}"#).status == 200)
        let line = try Self.reload(server, with: config)
        #expect(line.contains("config reloaded") && line.contains("unchanged=2"), "\(line)")
        // Same port, the live connection still carries bytes, the toxic added through the API is still there.
        #expect(try admin.send("GET", "/proxies/a").bodyText.contains(#""listen":"127.0.0.1:\#(port)""#))
        #expect(try client.roundTrip() >= 0.3)
        #expect(try admin.send("GET", "/proxies/a/toxics").bodyText.contains("latency_downstream"))
        #expect(!server.process.stderr.contains("proxy stopped"))
    }

    @Test func aChangedEntryIsReplacedAndTheOthersAreLeftAlone() throws {
        // Sends, then stays open until its client goes: an EOF on the client can only come from the proxy.
        let first = try TestUpstream { socket in
            try? socket.send("first")
            _ = try? socket.receive(max: 1, timeout: 30)
        }
        let second = try TestUpstream { socket in try? socket.send("second") }
        let server = try ServeProcess(
            config: "[" + Self.entry("a", upstream: first.port) + "," + Self.entry("b", upstream: first.port) + "]")
        let a = try #require(server.port(of: "a"))
        let b = try #require(server.port(of: "b"))
        let live = try BlockingSocket.connect(port: b)
        #expect(try live.receive(exactly: 5) == Array("first".utf8))
        let line = try Self.reload(
            server,
            with: "[" + Self.entry("a", listen: "127.0.0.1:\(a)", upstream: second.port) + ","
                + Self.entry("b", upstream: first.port) + "]")
        #expect(line.contains("replaced=1") && line.contains("unchanged=1"), "\(line)")
        #expect(try BlockingSocket.connect(port: a).receive(exactly: 6) == Array("second".utf8))
        #expect(server.port(of: "b") == b)
        #expect(!live.isReadableNow)  // no EOF: b was not touched
    }

    @Test func aReloadThatFailsHalfWayChangesNothing() throws {
        let echo = try TestUpstream.echo()
        let holder = try TestUpstream { _ in }  // a port someone else holds
        let free = try TestUpstream { _ in }
        free.stop()  // a port that was free a moment ago
        let server = try ServeProcess(
            config: "[" + Self.entry("a", upstream: echo.port) + "," + Self.entry("b", upstream: echo.port) + "]")
        let a = try #require(server.port(of: "a"))
        let line = try Self.reload(
            server,
            with: "[" + Self.entry("a", listen: "127.0.0.1:\(free.port)", upstream: echo.port) + ","
                + Self.entry("b", listen: "127.0.0.1:\(holder.port)", upstream: echo.port) + "]")
        #expect(line.contains("config reload failed") && line.contains(server.configPath)
                && line.contains(#"entry 1 (\"b\"): listen: listen tcp 127.0.0.1:\#(holder.port): bind: address already in use"#),
                "\(line)")
        // Entry 0's new address was bound first and then let go; a is where it was and still serves.
        #expect(server.port(of: "a") == a)
        #expect(try BlockingSocket.connect(port: a).roundTrip() < 1)
        #expect((try? BlockingSocket.connect(port: free.port)) == nil)
        #expect(server.isServing)
    }

    @Test func duplicateNamesAreRefusedNamingBothEntries() throws {
        let echo = try TestUpstream.echo()
        let good = "[" + Self.entry("a", upstream: echo.port) + "]"
        let twice = "[" + Self.entry("a", upstream: echo.port) + "," + Self.entry("x", upstream: echo.port) + ","
            + Self.entry("a", upstream: echo.port) + "]"
        let path = ExecutableTests.writeConfig(twice)
        defer { unlink(path) }
        let refused = try Subprocess(faultline: ["serve", "--port", "0", "--config", path])
        #expect(refused.wait() == 1)
        #expect(refused.stderr.contains(#"config \#(path): entries 0 and 2 are both named "a""#), "\(refused.stderr)")
        let server = try ServeProcess(config: good)
        let line = try Self.reload(server, with: twice)
        #expect(line.contains("config reload failed") && line.contains(#"entries 0 and 2 are both named \"a\""#), "\(line)")
        #expect(!server.process.stderr.contains("proxy=x"))
    }

    @Test func twoProxiesCanSwapPortsInOneReload() throws {
        let first = try TestUpstream { socket in try? socket.send("first") }
        let second = try TestUpstream { socket in try? socket.send("second") }
        let server = try ServeProcess(
            config: "[" + Self.entry("a", upstream: first.port) + "," + Self.entry("b", upstream: second.port) + "]")
        let a = try #require(server.port(of: "a"))
        let b = try #require(server.port(of: "b"))
        let line = try Self.reload(
            server,
            with: "[" + Self.entry("a", listen: "127.0.0.1:\(b)", upstream: first.port) + ","
                + Self.entry("b", listen: "127.0.0.1:\(a)", upstream: second.port) + "]")
        #expect(line.contains("config reloaded") && line.contains("replaced=2"), "\(line)")
        #expect(try BlockingSocket.connect(port: b).receive(exactly: 5) == Array("first".utf8))
        #expect(try BlockingSocket.connect(port: a).receive(exactly: 6) == Array("second".utf8))
    }

    @Test func aDNSListenerWithNewRecordsKeepsItsPortAndAnswersWithThem() throws {
        func config(_ listen: String, _ address: String) -> String {
            #"[{"name":"dns","kind":"dns","listen":"\#(listen)","upstream":"","#
                + #""dns":{"records":[{"name":"db.test","type":"A","value":"\#(address)"}]}}]"#
        }
        let server = try ServeProcess(config: config("127.0.0.1:0", "127.0.0.2"))
        let port = try #require(server.port(of: "dns"))
        let udp = try BlockingUDP()
        func answer() throws -> [String] { DNSWire.addresses(try DNSWire.parse(try udp.exchange(try DNSWire.query("db.test"), port: port))) }
        #expect(try answer() == ["127.0.0.2"])
        let line = try Self.reload(server, with: config("127.0.0.1:\(port)", "127.0.0.3"))
        #expect(line.contains("config reloaded") && line.contains("replaced=1"), "\(line)")
        #expect(try answer() == ["127.0.0.3"])
        #expect(server.port(of: "dns") == port)
    }
}
