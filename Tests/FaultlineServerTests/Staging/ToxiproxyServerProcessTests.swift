/// The drop-in `toxiproxy-server`: through a link of that name, as a subcommand, and given a Toxiproxy image's flags.
import FaultlineTestSupport
import Glibc
import Testing

@Suite(.serialized) struct ToxiproxyServerProcessTests {
    /// A fresh directory holding `name` → the built `faultline`.
    static func link(named name: String) throws -> String {
        var template = Array("/tmp/faultline-link-XXXXXX".utf8CString)
        guard let directory = mkdtemp(&template) else { throw ServeFailure(description: "mkdtemp: errno \(errno)") }
        let path = String(cString: directory) + "/" + name
        guard symlink(try Subprocess.faultlinePath(), path) == 0 else {
            throw ServeFailure(description: "symlink: errno \(errno)")
        }
        return path
    }

    /// Waits for the ready line and returns the admin port from the log.
    static func adminPort(of process: Subprocess) throws -> UInt16 {
        guard TestClock.eventually(timeout: 20, { process.stderr.contains(" ready ") }),
            let port = ServeProcess.port(in: process.stderr, line: "admin API listening", key: "address")
        else { throw ServeFailure(description: "not ready: \(process.stderr)") }
        return port
    }

    @Test func aLinkNamedToxiproxyServerAnswersAsToxiproxyServer() throws {
        let link = try Self.link(named: "toxiproxy-server")
        defer { GatedServer.remove(socketPath: link) }  // the link and its directory
        let version = try Subprocess([link, "-version"])
        #expect(version.wait() == 0)
        #expect(version.stdout == "toxiproxy-server version 2.12.0\n")
        #expect(version.stderr.isEmpty)

        let bad = try Subprocess([link, "-bogus", "-host=0.0.0.0"])
        #expect(bad.wait() == 2)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.hasPrefix("flag provided but not defined: -bogus\nUsage of \(link):\n  -config string\n"))
    }

    @Test func aToxiproxyImageCommandStartsTheServerWithItsConfig() throws {
        let echo = try TestUpstream.echo()
        let config = ExecutableTests.writeConfig(
            #"[{"name":"echo","listen":"127.0.0.1:0","upstream":"127.0.0.1:\#(echo.port)"}]"#)
        defer { unlink(config) }
        // What a Compose file written for Toxiproxy's image (ENTRYPOINT toxiproxy) hands to ours.
        let process = try Subprocess(faultline: ["-host=127.0.0.1", "-port", "0", "-config=\(config)"])
        let port = try Self.adminPort(of: process)
        let client = try AdminClient(port: port)
        let version = try client.send("GET", "/version")
        #expect(version.status == 200 && version.bodyText == "{\"version\": \"2.12.0\"}\n")
        #expect(try client.send("GET", "/proxies").bodyText.contains("\"name\":\"echo\""))
        #expect(process.terminate() == 0)
    }

    @Test func theSubcommandTakesGoSpellings() throws {
        let process = try Subprocess(faultline: ["toxiproxy-server", "--host", "127.0.0.1", "-port=0", "-proxy-metrics"])
        let port = try Self.adminPort(of: process)
        let client = try AdminClient(port: port)
        let created = try client.send(
            "POST", "/proxies", #"{"name":"tc","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#)
        #expect(created.status == 201)
        // -proxy-metrics reached `serve`: /metrics exists only with a metrics flag.
        #expect(try client.send("GET", "/metrics").status == 200)
        #expect(process.terminate() == 0)
    }
}
