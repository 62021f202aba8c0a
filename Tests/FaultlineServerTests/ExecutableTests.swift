/// `faultline serve` as a user runs it: config errors name file, entry and field; signals stop it cleanly.
import FaultlineTestSupport
import Glibc
import Testing

@Suite(.serialized) struct ExecutableTests {
    static func writeConfig(_ text: String) -> String {
        let path = "/tmp/faultline-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).json"
        let file = fopen(path, "w")
        fputs(text, file)
        fclose(file)
        return path
    }

    func serve(_ arguments: [String]) throws -> Subprocess {
        try Subprocess([try Subprocess.faultlinePath(), "serve", "--port", "0", "--log-level", "info"] + arguments)
    }

    @Test func missingConfigFileIsAStartupError() throws {
        let process = try serve(["--config", "/nonexistent/proxies.json"])
        #expect(process.wait() == 1)
        #expect(process.stderr.contains("config /nonexistent/proxies.json: cannot read: no such file or directory"))
    }

    @Test func malformedJSONNamesTheFile() throws {
        let path = Self.writeConfig(#"[{"name": "a", "listen": "127.0.0.1:0", "upstream": "#)
        defer { unlink(path) }
        let process = try serve(["--config", path])
        #expect(process.wait() == 1)
        #expect(process.stderr.contains("config \(path): unexpected EOF"), "\(process.stderr)")
    }

    @Test func invalidEntryNamesTheEntryAndField() throws {
        let path = Self.writeConfig(#"[{"name":"a","listen":"127.0.0.1:0","upstream":"x:1"},{"name":"b","listen":"127.0.0.1:0"}]"#)
        defer { unlink(path) }
        let process = try serve(["--config", path])
        #expect(process.wait() == 1)
        #expect(process.stderr.contains("config \(path): missing required field: upstream at proxy 2"), "\(process.stderr)")
    }

    @Test func badToxicNamesProxyToxicAndField() throws {
        let path = Self.writeConfig(
            #"[{"name":"web","listen":"127.0.0.1:0","upstream":"x:1","toxics":[{"type":"latency","attributes":{"latency":1.5}}]}]"#)
        defer { unlink(path) }
        let process = try serve(["--config", path])
        #expect(process.wait() == 1)
        let err = process.stderr
        #expect(err.contains("config \(path):") && err.contains("latency") && err.contains("proxy 1 (web) toxic 1"), "\(err)")
    }

    @Test func portInUseStopsStartupAndNamesTheEntry() throws {
        let holder = try TestUpstream { _ in }
        let path = Self.writeConfig(
            #"[{"name":"a","listen":"127.0.0.1:0","upstream":"x:1"},{"name":"b","listen":"127.0.0.1:\#(holder.port)","upstream":"x:1"}]"#)
        defer { unlink(path) }
        let process = try serve(["--config", path])
        #expect(process.wait() == 1)
        #expect(process.stderr.contains(
            "config \(path): entry 1 (\"b\"): listen: listen tcp 127.0.0.1:\(holder.port): bind: address already in use"),
            "\(process.stderr)")
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalsStopTheServerWithinASecond(signal: Int32) throws {
        let echo = try TestUpstream.echo()
        let path = Self.writeConfig(#"[{"name":"e","listen":"127.0.0.1:0","upstream":"127.0.0.1:\#(echo.port)"}]"#)
        defer { unlink(path) }
        let process = try serve(["--config", path])
        #expect(TestClock.eventually(timeout: 10) { process.stderr.contains("ready") })
        let start = TestClock.now()
        process.signal(signal)
        #expect(process.wait(timeout: 5) == 0)
        #expect(TestClock.now() - start < 1)
        #expect(process.stderr.contains("proxy stopped"))
    }

    @Test func runsOutOfDescriptorsAndRecovers() throws {
        let echo = try TestUpstream.echo()
        let path = Self.writeConfig(#"[{"name":"e","listen":"127.0.0.1:0","upstream":"127.0.0.1:\#(echo.port)"}]"#)
        defer { unlink(path) }
        let process = try Subprocess([
            "/bin/sh", "-c", "ulimit -n 48 && exec \(try Subprocess.faultlinePath()) serve --port 0 --config \(path)",
        ])
        #expect(TestClock.eventually(timeout: 10) { process.stderr.contains("ready") })
        guard let line = process.stderr.split(separator: "\n").first(where: { $0.contains("proxy started") }),
            let listen = line.split(separator: " ").first(where: { $0.hasPrefix("listen=") }),
            let port = UInt16(listen.split(separator: ":").last ?? "")
        else {
            Issue.record("no listen address in \(process.stderr)")
            return
        }
        // Far more connections than 48 descriptors allow: the excess is accepted late or closed, never hangs.
        var held: [BlockingSocket] = []
        for _ in 0..<60 { if let socket = try? BlockingSocket.connect(port: port) { held.append(socket) } }
        // Either accept(2) or the upstream socket(2) runs out first; both are logged with the reason.
        #expect(TestClock.eventually(timeout: 10) { process.stderr.contains("too many open files") })
        held.removeAll()
        // Once descriptors are free the listener serves again.
        #expect(TestClock.eventually(timeout: 10) {
            guard let client = try? BlockingSocket.connect(port: port) else { return false }
            return (try? client.roundTrip(Array("ok".utf8), timeout: 2)) != nil
        })
        #expect(process.stderr.split(separator: "\n").filter { $0.contains("pausing accept") }.count <= 2)
        process.signal(SIGTERM)
        #expect(process.wait(timeout: 5) == 0)
    }
}
