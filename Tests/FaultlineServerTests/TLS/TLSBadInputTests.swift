/// Bad TLS settings are 400s (or a start-up error) naming the setting, the file and OpenSSL's reason; keys never show.
import FaultlineTestSupport
import Testing

@Suite(.serialized) struct TLSBadInputTests {
    /// Creates a proxy with `tls` and returns the answer (which must be a 400).
    static func refusal(_ h: TLSHarness, _ tls: String) throws -> String {
        let response = try h.request(
            "POST", "/proxies", "{\"name\":\"bad\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\",\"tls\":\(tls)}")
        #expect(response.status == 400, "\(tls): \(response.status) \(response.bodyText)")
        return response.bodyText
    }

    @Test func eachBadFileIsNamedWithTheReason() throws {
        let h = try TLSHarness()
        let good = try h.certificate("good")
        let other = try h.certificate("other")
        let expired = try h.expiredCertificate()
        try h.write("not a certificate\n", to: "\(h.directory)/garbage.pem")
        let missing = "\(h.directory)/missing.pem"
        let cases: [(tls: String, expected: [String])] = [
            ("{\"listen\":{\"cert\":\"\(missing)\",\"key\":\"\(good.key)\"}}",
             ["tls.listen.cert", missing, "no such file or directory"]),
            ("{\"listen\":{\"cert\":\"\(good.cert)\",\"key\":\"\(missing)\"}}", ["tls.listen.key", missing]),
            ("{\"listen\":{\"cert\":\"\(good.cert)\",\"key\":\"\(other.key)\"}}",
             ["tls.listen.key", other.key, "does not match"]),
            ("{\"listen\":{\"cert\":\"\(expired.cert)\",\"key\":\"\(expired.key)\"}}",
             ["tls.listen.cert", expired.cert, "certificate has expired"]),
            ("{\"listen\":{\"cert\":\"\(h.directory)/garbage.pem\",\"key\":\"\(good.key)\"}}",
             ["tls.listen.cert", "garbage.pem", "no PEM certificate"]),
            ("{\"listen\":{\"auto\":true,\"client_ca\":\"\(missing)\"}}", ["tls.listen.client_ca", missing]),
            ("{\"upstream\":{\"ca\":\"\(missing)\"}}", ["tls.upstream.ca", missing]),
            ("{\"upstream\":{\"cert\":\"\(good.cert)\"}}", ["tls.upstream.key", "required"]),
            ("{\"listen\":{\"cert\":\"\(good.cert)\"}}", ["tls.listen.key", "required"]),
            ("{\"listen\":{\"auto\":true,\"cert\":\"\(good.cert)\"}}", ["tls.listen.cert", "auto"]),
            ("{\"listen\":{\"crt\":\"x\"}}", ["tls.listen.crt", "unknown"]),
            ("{}", ["tls", "listen, upstream or both"]),
            ("{\"upstream\":{\"verify\":\"yes\"}}", ["tls.upstream.verify", "true or false"]),
        ]
        for (tls, expected) in cases {
            let text = try Self.refusal(h, tls)
            for part in expected { #expect(text.contains(part), "\(tls) → \(text): no \(part)") }
            #expect(!text.contains("PRIVATE KEY"))
        }
        #expect(try h.request("GET", "/proxies").bodyText == "{}")
        // A good pair works, and the JSON shows the paths only.
        try h.createProxy("files", tls: "{\"listen\":{\"cert\":\"\(good.cert)\",\"key\":\"\(good.key)\"}}")
        let shown = try h.request("GET", "/proxies/files").bodyText
        #expect(shown.contains(good.key) && !shown.contains("PRIVATE"))
        #expect(!h.logs.contains("PRIVATE KEY"))
    }

    @Test func aBadConfigFileStopsStartUpNamingTheFile() throws {
        let h = try TLSHarness()
        let missing = "\(h.directory)/nope.pem"
        let config = "\(h.directory)/proxies.json"
        try h.write(
            "[{\"name\":\"web\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\","
                + "\"tls\":{\"listen\":{\"cert\":\"\(missing)\",\"key\":\"\(missing)\"}}}]", to: config)
        let outcome = try Subprocess.faultline(
            ["serve", "--config", config, "--port", "0", "--state-dir", "\(h.directory)/state"], timeout: 30)
        #expect(outcome.status != 0 && outcome.stderr.contains(missing) && outcome.stderr.contains("tls.listen."),
                "\(outcome.stderr)")
    }

    @Test func vanishingClientsMidTransferLeaveTheProxyServing() throws {
        let h = try TLSHarness()
        let back = try h.createProxy("back", tls: #"{"listen":{"auto":true}}"#)
        let ca = try h.caFile()
        let front = try h.createProxy(
            "front", upstream: "127.0.0.1:\(back)",
            tls: "{\"listen\":{\"auto\":true},\"upstream\":{\"sni\":\"localhost\",\"ca\":\"\(ca)\"}}")
        // Each client reads part of a large body, then resets its socket (SO_LINGER 0) or just drops it.
        let script = """
            import socket, ssl, struct, sys
            context = ssl.create_default_context(cafile=sys.argv[2])
            for i in range(20):
                raw = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                tls = context.wrap_socket(raw, server_hostname="localhost")
                tls.sendall(b"GET /stream/50000000 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
                got = 0
                while got < 100000 * (i + 1):
                    got += len(tls.recv(65536))
                if i % 2 == 0:
                    tls.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                tls.close()
            print("done")
            """
        let outcome = try TLSHarness.run(["python3", "-c", script, String(front), ca], timeout: 120)
        #expect(outcome.stdout == "done\n", "\(outcome.stderr)")
        #expect(TestClock.eventually(timeout: 10) {
            h.handle.perform { $0.connectionCount(proxy: "front") + $0.connectionCount(proxy: "back") } == 0
        })
        #expect(try h.curl(front, ca: ca).stdout == "200")
    }
}
