/// One address, one proxy: a port held by another proxy or process is refused with Toxiproxy's 500, on any loops.
import FaultlineTestSupport
import Glibc
import Testing

@Suite(.serialized) struct PortConflictTests {
    static let inUse = "bind: address already in use"

    /// Toxiproxy's own `TestCreateProxyPortConflict`, with two data loops (SO_REUSEPORT let both proxies bind).
    @Test func creatingASecondProxyOnATakenPortIs500() throws {
        let server = try AdminServer(threads: 2)
        let port = try server.createProxy("a", upstream: "127.0.0.1:9")
        let response = try server.client().send(
            "POST", "/proxies", #"{"name":"b","listen":"127.0.0.1:\#(port)","upstream":"127.0.0.1:9"}"#)
        #expect(response.status == 500)
        #expect(response.bodyText == #"{"error":"listen tcp 127.0.0.1:\#(port): \#(Self.inUse)","status":500}"# + "\n")
        #expect(try server.client().send("GET", "/proxies/b").status == 404)
    }

    @Test func movingAProxyOntoATakenPortIs500AndLeavesItDisabled() throws {
        let server = try AdminServer(threads: 2)
        let port = try server.createProxy("a", upstream: "127.0.0.1:9")
        try server.createProxy("b", upstream: "127.0.0.1:9")
        let response = try server.client().send("PATCH", "/proxies/b", #"{"listen":"127.0.0.1:\#(port)"}"#)
        #expect(response.status == 500)
        #expect(response.bodyText.contains("listen tcp 127.0.0.1:\(port): \(Self.inUse)"))
        let b = try server.client().send("GET", "/proxies/b").bodyText
        #expect(b.contains(#""enabled":false"#) && b.contains(#""listen":"127.0.0.1:\#(port)""#), "\(b)")
        // The wildcard overlaps every address of the port too.
        let wildcard = try server.client().send("PATCH", "/proxies/b", #"{"listen":"0.0.0.0:\#(port)","enabled":true}"#)
        #expect(wildcard.status == 500)
    }

    /// Every connection reaches the one proxy that owns the port (with SO_REUSEPORT the kernel split them).
    @Test func everyConnectionReachesTheProxyThatOwnsThePort() throws {
        let first = try TestUpstream { socket in try? socket.send("first") }
        let server = try AdminServer(threads: 2)
        let port = try server.createProxy("a", upstream: "127.0.0.1:\(first.port)")
        _ = try server.client().send(
            "POST", "/proxies", #"{"name":"b","listen":"127.0.0.1:\#(port)","upstream":"127.0.0.1:9"}"#)
        for _ in 0..<40 {
            let client = try BlockingSocket.connect(port: port)
            #expect(try client.receive(exactly: 5) == Array("first".utf8))
        }
    }

    @Test func aConfigWithTwoEntriesOnOnePortDoesNotStart() throws {
        let holder = try TestUpstream { _ in }
        holder.stop()  // a port that was free a moment ago
        let path = ExecutableTests.writeConfig(
            #"[{"name":"a","listen":"127.0.0.1:\#(holder.port)","upstream":"x:1"},"#
                + #"{"name":"b","listen":"127.0.0.1:\#(holder.port)","upstream":"x:1"}]"#)
        defer { unlink(path) }
        let process = try Subprocess(faultline: ["serve", "--port", "0", "--threads", "2", "--config", path])
        #expect(process.wait() == 1)
        #expect(process.stderr.contains(#"entry 1 ("b"): listen: listen tcp 127.0.0.1:\#(holder.port): \#(Self.inUse)"#),
                "\(process.stderr)")
    }

    @Test func aSecondServerCannotTakeAPortTheFirstHolds() throws {
        let first = try ServeProcess(
            config: #"[{"name":"a","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}]"#, arguments: ["--threads", "2"])
        let port = try #require(first.port(of: "a"))
        let path = ExecutableTests.writeConfig(#"[{"name":"a","listen":"127.0.0.1:\#(port)","upstream":"127.0.0.1:9"}]"#)
        defer { unlink(path) }
        let second = try Subprocess(faultline: ["serve", "--port", "0", "--threads", "2", "--config", path])
        #expect(second.wait() == 1)
        #expect(second.stderr.contains("listen tcp 127.0.0.1:\(port): \(Self.inUse)"), "\(second.stderr)")
        #expect(first.isServing)
    }
}
