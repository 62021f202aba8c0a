/// A Faultline server in-process with its admin API, a state directory for the auto CA, an HTTP origin, and real
/// TLS clients (curl, Python's ssl, openssl) run as child processes.
import FaultlineCore
import FaultlineServer
import FaultlineTestSupport
import Glibc

final class TLSHarness: Sendable {
    let handle: ServerHandle
    let logs: LogCapture
    let admin: UInt16
    let origin: HTTPUpstream
    /// A fresh directory: the state directory (`state/`) and the test's files.
    let directory: String

    init(threads: Int = 1, handshakeTimeout: Duration = .seconds(10)) throws {
        var template = Array("/tmp/faultline-tls-e2e-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw ServeFailure(description: "mkdtemp: errno \(errno)")
        }
        directory = String(cString: made)
        origin = try HTTPUpstream()
        let logs = LogCapture()
        self.logs = logs
        var config = ServerConfig(adminHost: "127.0.0.1", adminPort: 0, proxyMetrics: true, threads: threads)
        config.stateDirectory = directory + "/state"
        config.tlsHandshakeTimeout = handshakeTimeout
        handle = try ServerHandle.start(config: config, logger: logs.logger)
        guard let port = handle.adminPort else { throw BlockingSocket.Failure.closed }
        admin = port
    }

    deinit {
        handle.stop()
        _ = try? Self.run(["rm", "-rf", directory])
    }

    /// One admin request on a fresh connection.
    @discardableResult
    func request(_ method: String, _ target: String, _ body: String? = nil) throws -> RawResponse {
        try AdminClient(port: admin).send(method, target, body)
    }

    /// Creates a proxy on 127.0.0.1:0 with a `tls` block (JSON text) and returns its port.
    @discardableResult
    func createProxy(_ name: String, upstream: String? = nil, tls: String?, toxics: String = "") throws -> UInt16 {
        let target = upstream ?? "127.0.0.1:\(origin.port)"
        let block = tls.map { ",\"tls\":\($0)" } ?? ""
        let response = try request(
            "POST", "/proxies", "{\"name\":\"\(name)\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"\(target)\"\(block)}")
        guard response.status == 201, let port = PortBook.listenPort(in: response.bodyText) else {
            throw ServeFailure(description: "create \(name): \(response.status) \(response.bodyText)")
        }
        if !toxics.isEmpty { try addToxic(name, toxics) }
        return port
    }

    func addToxic(_ proxy: String, _ body: String) throws {
        let response = try request("POST", "/proxies/\(proxy)/toxics", body)
        guard response.status == 200 else { throw ServeFailure(description: "toxic: \(response.bodyText)") }
    }

    /// `GET /tls/ca.pem` saved to a file, for clients to trust.
    func caFile() throws -> String {
        let response = try request("GET", "/tls/ca.pem")
        guard response.status == 200 else { throw ServeFailure(description: "ca.pem: \(response.status)") }
        let path = directory + "/faultline-ca.pem"
        try write(response.bodyText, to: path)
        return path
    }

    func write(_ text: String, to path: String) throws {
        let outcome = try Self.run(["python3", "-c", "import sys; open(sys.argv[1], 'w').write(sys.argv[2])", path, text])
        guard outcome.status == 0 else { throw ServeFailure(description: "write \(path): \(outcome.stderr)") }
    }

    /// The proxy's TLS counters, as tests read them.
    func tls(_ proxy: String) -> (handshakes: UInt64, failures: UInt64) {
        handle.perform { server in
            let stats = server.stats(proxy: proxy)
            return (stats?.tlsHandshakes ?? 0, stats?.tlsFailures ?? 0)
        }
    }

    /// Runs a program found on PATH to completion.
    static func run(_ argv: [String], timeout: Double = 60) throws -> Subprocess.Outcome {
        let process = try Subprocess(["/usr/bin/env"] + argv)
        guard let status = process.wait(timeout: timeout) else {
            throw ServeFailure(description: "\(argv[0]) still running after \(timeout) s")
        }
        return Subprocess.Outcome(status: status, stdout: process.stdout, stderr: process.stderr)
    }

    /// curl over HTTPS to the proxy at `port` by `host` (which the certificate must name), trusting `ca` if given.
    func curl(_ port: UInt16, _ path: String = "/size/5", host: String = "localhost", ca: String?,
              _ options: [String] = ["-o", "/dev/null", "-w", "%{http_code}"]) throws -> Subprocess.Outcome
    {
        let trust = ca.map { ["--cacert", $0] } ?? []
        return try Self.run(["curl", "-sS", "--max-time", "20"] + trust + options + ["https://\(host):\(port)\(path)"])
    }

    /// Python's ssl and urllib: prints the status, or the exception's class and text.
    func python(_ port: UInt16, _ path: String = "/size/5", host: String = "localhost", ca: String?) throws
        -> Subprocess.Outcome
    {
        let script = """
            import ssl, sys, urllib.request
            context = ssl.create_default_context(cafile=sys.argv[2] or None)
            try:
                print(urllib.request.urlopen(sys.argv[1], context=context, timeout=20).status)
            except Exception as error:
                reason = getattr(error, "reason", error)
                print(type(reason).__name__, getattr(reason, "verify_message", "") or reason)
            """
        return try Self.run(["python3", "-c", script, "https://\(host):\(port)\(path)", ca ?? ""])
    }
}
