/// `faultline` client commands that fail: one line on stderr naming the proxy, toxic or flag, nothing on stdout,
/// and the exit code of ExitMapping (1 refused, 64 usage, 69 unreachable).
import FaultlineTestSupport
import FaultlineClient
import Testing

@Suite(.serialized) struct CLIErrorTests {
    private func expectFailure(
        _ server: TestServer?, _ arguments: [String], status: Int32, stderr: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let host = server.map { ["--host", $0.url] } ?? []
        let outcome = try Subprocess.faultline(arguments + host)
        #expect(
            outcome == Subprocess.Outcome(status: status, stdout: "", stderr: stderr), sourceLocation: sourceLocation)
    }

    @Test func missingProxy() throws {
        let server = try TestServer()
        let line = "Failed to retrieve proxy nope: HTTP 404: proxy not found\n"
        for command in [
            ["inspect", "nope"], ["toggle", "nope"], ["delete", "nope"], ["toxic", "add", "-t", "latency", "nope"],
        ] {
            try expectFailure(server, command, status: 1, stderr: line)
        }
        try expectFailure(
            server, ["toxic", "update", "-n", "t", "-a", "latency=1", "nope"], status: 1,
            stderr: "Failed to update toxic t on proxy nope: HTTP 404: proxy not found\n")
    }

    @Test func missingToxic() throws {
        let server = try TestServer(proxies: [spec("web")])
        try expectFailure(
            server, ["toxic", "remove", "-n", "nope", "web"], status: 1,
            stderr: "Failed to remove toxic nope from proxy web: HTTP 404: toxic not found\n")
        try expectFailure(
            server, ["toxic", "update", "-n", "nope", "-a", "latency=1", "web"], status: 1,
            stderr: "Failed to update toxic nope on proxy web: HTTP 404: toxic not found\n")
    }

    @Test func conflicts() throws {
        let server = try TestServer(proxies: [spec("web", toxics: [latency(10)])])
        try expectFailure(
            server, ["create", "web", "-l", "127.0.0.1:0", "-u", "127.0.0.1:9"], status: 1,
            stderr: "Failed to create proxy web: HTTP 409: proxy already exists\n")
        try expectFailure(
            server, ["toxic", "add", "-t", "latency", "web"], status: 1,
            stderr: "Failed to add toxic latency_downstream to proxy web: HTTP 409: toxic already exists\n")
    }

    @Test func badAttribute() throws {
        let server = try TestServer(proxies: [spec("web")])
        try expectFailure(
            server, ["toxic", "add", "-t", "latency", "-a", "latency", "web"], status: 64,
            stderr: "Invalid --attribute: 'latency' is not key=value\n")
        try expectFailure(
            server, ["toxic", "update", "-n", "x", "-a", "=5", "web"], status: 64,
            stderr: "Invalid --attribute: '=5' has no key\n")
        // A value of the wrong type is the server's call; its message names the field.
        try expectFailure(
            server, ["toxic", "add", "-t", "latency", "-n", "slow", "-a", "latency=fast", "web"], status: 1,
            stderr: "Failed to add toxic slow to proxy web: HTTP 400: bad request body: json: cannot unmarshal string "
                + "into Go struct field LatencyToxic.attributes.latency of type int64\n")
        try expectFailure(
            server, ["toxic", "add", "-t", "nope", "web"], status: 1,
            stderr: "Failed to add toxic nope_downstream to proxy web: HTTP 400: invalid toxic type\n")
        #expect(try server.client.toxics(of: "web").isEmpty)
    }

    @Test(arguments: ["1.5", "-0.1", "abc", "nan"])
    func badToxicity(_ value: String) throws {
        let server = try TestServer(proxies: [spec("web", toxics: [latency(10, name: "slow")])])
        let line = "Invalid --toxicity: '\(value)' is not a number from 0 to 1\n"
        try expectFailure(
            server, ["toxic", "add", "-t", "latency", "-n", "x", "--tox=\(value)", "web"], status: 64, stderr: line)
        try expectFailure(
            server, ["toxic", "update", "-n", "slow", "--toxicity=\(value)", "web"], status: 64, stderr: line)
        #expect(try server.client.toxics(of: "web").map(\.toxicity) == [1])
    }

    @Test func bothStreams() throws {
        try expectFailure(
            nil, ["toxic", "add", "-t", "latency", "-u", "-d", "web"], status: 64,
            stderr: "Invalid --upstream/--downstream: give one of them, not both\n")
    }

    @Test func unreachableAndUnusableHosts() throws {
        let port = try CannedHTTPPeer.unusedPort()
        let outcome = try Subprocess.faultline(["list"], environment: ["TOXIPROXY_URL": "127.0.0.1:\(port)"])
        #expect(
            outcome
                == Subprocess.Outcome(
                    status: 69, stdout: "",
                    stderr: "Failed to retrieve proxies: cannot connect to 127.0.0.1:\(port): connection refused\n"))
        try expectFailure(
            nil, ["list", "--host", "https://localhost:8474"], status: 64,
            stderr: "Invalid --host (or TOXIPROXY_URL) 'https://localhost:8474': https is not supported; the admin API "
                + "speaks plain http\n")
    }

    @Test func argumentParserUsageErrorsAreUsageErrors() throws {
        let outcome = try Subprocess.faultline(["create", "web", "--host", "127.0.0.1:1"])
        #expect(outcome.status == 64)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("Error: Missing expected argument '--listen <listen>'"))
    }
}
