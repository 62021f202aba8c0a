/// Proxies that originate TLS to their upstream: verified chains, SNI, mTLS both ways, 200 MB through TLS → TLS.
import FaultlineTestSupport
import Testing

@Suite(.serialized) struct TLSOriginationTests {
    @Test func aPlainListenerOriginatesVerifiedTLSAndRefusesAnUntrustedUpstream() throws {
        let h = try TLSHarness()
        let back = try h.createProxy("back", tls: #"{"listen":{"auto":true}}"#)
        let ca = try h.caFile()
        let front = try h.createProxy(
            "front", upstream: "127.0.0.1:\(back)", tls: "{\"upstream\":{\"sni\":\"localhost\",\"ca\":\"\(ca)\"}}")
        let ok = try TLSHarness.run(["curl", "-sS", "--max-time", "20", "http://127.0.0.1:\(front)/size/123", "-o",
                                     "/dev/null", "-w", "%{http_code} %{size_download}"])
        #expect(ok.stdout == "200 123", "\(ok.stderr)")
        // Verified against the system's CAs, which do not know the auto CA: the client's connection is closed.
        let strict = try h.createProxy("strict", upstream: "127.0.0.1:\(back)", tls: #"{"upstream":{"sni":"localhost"}}"#)
        let refused = try TLSHarness.run(["curl", "-sS", "--max-time", "20", "http://127.0.0.1:\(strict)/size/1"])
        #expect([7, 52, 56].contains(refused.status), "\(refused.status) \(refused.stderr)")
        #expect(h.tls("strict").failures == 1)
        #expect(h.logs.contains("certificate verify failed"))
        // verify: false accepts it.
        let lax = try h.createProxy("lax", upstream: "127.0.0.1:\(back)", tls: #"{"upstream":{"verify":false}}"#)
        #expect(try TLSHarness.run(["curl", "-sS", "http://127.0.0.1:\(lax)/size/1", "-o", "/dev/null", "-w",
                                    "%{http_code}"]).stdout == "200")
    }

    @Test func twoHundredMegabytesThroughTLSToTLSKeepTheirHash() throws {
        let h = try TLSHarness(threads: 2)
        let back = try h.createProxy("back", tls: #"{"listen":{"auto":true}}"#)
        let ca = try h.caFile()
        let front = try h.createProxy(
            "front", upstream: "127.0.0.1:\(back)",
            tls: "{\"listen\":{\"auto\":true},\"upstream\":{\"sni\":\"localhost\",\"ca\":\"\(ca)\"}}")
        let size = 200 << 20
        let outcome = try TLSHarness.run(
            ["sh", "-c", "curl -sS --max-time 240 --cacert \(ca) https://localhost:\(front)/stream/\(size) | sha256sum"],
            timeout: 250)
        let hash = String(outcome.stdout.prefix { $0 != " " })
        #expect(outcome.status == 0 && hash.count == 64 && hash == h.origin.sentHash, "\(outcome.stderr)")
    }

    @Test func clientCertificatesBothWays() throws {
        let h = try TLSHarness()
        try h.certificate("ca", name: "TestCA", ca: true)
        let client = try h.certificate("client", name: "client.test", issuer: "\(h.directory)/ca")
        let server = try h.certificate("server", issuer: "\(h.directory)/ca")
        // Listener mTLS: only clients with a certificate from client_ca get through.
        let port = try h.createProxy("mtls", tls: "{\"listen\":{\"auto\":true,\"client_ca\":\"\(h.directory)/ca.pem\"}}")
        let ca = try h.caFile()
        #expect(try h.curl(port, ca: ca, ["--cert", client.cert, "--key", client.key, "-o", "/dev/null", "-w",
                                          "%{http_code}"]).stdout == "200")
        #expect(try h.curl(port, ca: ca).status != 0)
        // Upstream mTLS: a Python server that requires a client certificate and names it in its answer.
        let upstream = try Subprocess([
            "/usr/bin/env", "python3", "-c", Self.mutualServer, server.cert, server.key, "\(h.directory)/ca.pem",
        ])
        defer { _ = upstream.terminate() }
        let upstreamPort = try Self.firstLine(of: upstream)
        let tls = "{\"upstream\":{\"ca\":\"\(h.directory)/ca.pem\",\"cert\":\"\(client.cert)\",\"key\":\"\(client.key)\"}}"
        let with = try h.createProxy("with", upstream: "localhost:\(upstreamPort)", tls: tls)
        let answered = try TLSHarness.run(["curl", "-sS", "http://127.0.0.1:\(with)/"])
        #expect(answered.stdout == "client.test", "\(answered.stderr) \(h.logs.all.suffix(5))")
        let without = try h.createProxy(
            "without", upstream: "localhost:\(upstreamPort)", tls: "{\"upstream\":{\"ca\":\"\(h.directory)/ca.pem\"}}")
        #expect(try TLSHarness.run(["curl", "-sS", "http://127.0.0.1:\(without)/"]).status != 0)
    }

    static let mutualServer = """
        import http.server, ssl, sys
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(sys.argv[3])
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                subject = dict(item[0] for item in self.connection.getpeercert()["subject"])
                body = subject["commonName"].encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// The port a child prints on its first line, polled with a deadline.
    static func firstLine(of process: Subprocess, timeout: Double = 10) throws -> UInt16 {
        var port: UInt16?
        _ = TestClock.eventually(timeout: timeout) {
            port = process.stdout.split(separator: "\n").first.flatMap { UInt16($0) }
            return port != nil
        }
        guard let port else { throw ServeFailure(description: "no port from the child: \(process.stderr)") }
        return port
    }
}
