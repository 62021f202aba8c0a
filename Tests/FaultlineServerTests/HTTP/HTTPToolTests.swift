/// HTTP faults as users drive them: `faultline toxic add` and curl, and urllib3's `Retry` riding out aborts.
import FaultlineTestSupport
import Testing

@Suite(.serialized) struct HTTPToolTests {
    /// Runs a program found on PATH to completion.
    static func run(_ argv: [String], timeout: Double = 60) throws -> Subprocess.Outcome {
        let process = try Subprocess(["/usr/bin/env"] + argv)
        guard let status = process.wait(timeout: timeout) else {
            throw ServeFailure(description: "\(argv[0]) still running after \(timeout) s")
        }
        return Subprocess.Outcome(status: status, stdout: process.stdout, stderr: process.stderr)
    }

    static func curl(_ port: UInt16, _ path: String, _ options: [String] = ["-o", "/dev/null", "-w", "%{http_code}"])
        throws -> Subprocess.Outcome
    {
        try run(["curl", "-s", "--max-time", "10"] + options + ["http://127.0.0.1:\(port)\(path)"])
    }

    /// Each case: the CLI's flags, then what curl sees.
    static let cases: [(flags: [String], path: String, options: [String], expect: @Sendable (Subprocess.Outcome) -> Bool)] = [
        (["-t", "http_abort", "-a", "status=503", "-a", "path=/pay"], "/pay", ["-o", "/dev/null", "-w", "%{http_code}"],
         { $0.stdout == "503" }),
        (["-t", "http_abort", "-a", "status=503", "-a", "path=/pay"], "/free", ["-o", "/dev/null", "-w", "%{http_code}"],
         { $0.stdout == "200" }),
        (["-t", "http_delay", "-a", "delay=300"], "/slow", ["-o", "/dev/null", "-w", "%{time_total}"],
         { (Double($0.stdout) ?? 0) >= 0.3 }),
        (["-t", "http_reset", "-a", "at=before_request"], "/x", [], { $0.status == 56 }),
        (["-t", "http_reset", "-a", "at=mid_response", "-a", "bytes=100"], "/size/100000", ["-o", "/dev/null"],
         { $0.status == 56 }),
        (["-t", "http_truncate", "-a", "bytes=10"], "/size/1000", ["-o", "/dev/null"], { $0.status == 18 }),
        (["-t", "http_header", "-a", "phase=response", "-a", "set.X-Chaos=yes", "-a", "remove=X-Origin"], "/size/1",
         ["-D", "-", "-o", "/dev/null"], { $0.stdout.contains("X-Chaos: yes") && !$0.stdout.contains("X-Origin") }),
        (["-t", "http_status", "-a", "status=418", "-a", "methods=GET,HEAD"], "/size/5",
         ["-o", "/dev/null", "-w", "%{http_code}"], { $0.stdout == "418" }),
        (["-t", "http_header_faults"], "/x", ["-H", "x-faultline-abort: 504", "-o", "/dev/null", "-w", "%{http_code}"],
         { $0.stdout == "504" }),
    ]

    @Test func everyTypeThroughTheCommandLineAndCurl() throws {
        let origin = try HTTPUpstream()
        let server = try AdminServer(proxyMetrics: true)
        let port = try server.createProxy("web", upstream: "127.0.0.1:\(origin.port)")
        let host = ["--host", "http://127.0.0.1:\(server.port)"]
        for (flags, path, options, expect) in Self.cases {
            let added = try Subprocess.faultline(["toxic", "add", "web", "-n", "t"] + flags + host)
            #expect(added.status == 0, "\(flags): \(added.stderr)")
            let outcome = try Self.curl(port, path, options)
            #expect(expect(outcome), "\(flags): curl exited \(outcome.status), printed \(outcome.stdout)")
            #expect(try server.exchange("DELETE", "/proxies/web/toxics/t").hasPrefix("HTTP/1.1 204"))
        }
        // A bad attribute is refused with the field named, and nothing is added.
        let refused = try Subprocess.faultline(["toxic", "add", "web", "-t", "http_abort", "-a", "status=700"] + host)
        #expect(refused.status != 0 && refused.stderr.contains("attributes.status"))
        #expect(try server.exchange("GET", "/proxies/web/toxics").hasSuffix("[]"))
    }

    static let retryScript = """
        import sys, urllib3
        from urllib3.util.retry import Retry
        http = urllib3.PoolManager(retries=Retry(total=10, status_forcelist=[503], backoff_factor=0))
        retried = 0
        for i in range(20):
            r = http.request("GET", f"http://127.0.0.1:{sys.argv[1]}/item/{i}")
            assert r.status == 200, r.status
            retried += len(r.retries.history)
        print(retried)
        """

    @Test func urllib3RetriesAbortedRequestsUntilTheyPass() throws {
        let h = try HTTPHarness(
            toxics: [#"{"name":"flaky","type":"http_abort","attributes":{"status":503},"toxicity":0.3}"#], seed: 7)
        let outcome = try Self.run(["python3", "-c", Self.retryScript, String(try h.proxy.port())])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let retried = Int(outcome.stdout.split(separator: "\n").first ?? "") ?? 0
        // Every retry answered an abort; only the attempts that passed reached the origin.
        #expect(retried > 0)
        #expect(h.faults("flaky", "http_abort") == UInt64(retried))
        #expect(h.origin.requestCount == 20)
        #expect(h.figures.responses[503] == UInt64(retried) && h.figures.responses[200] == 20)
    }
}
