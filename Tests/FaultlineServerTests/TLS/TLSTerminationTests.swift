/// A proxy that terminates TLS with the auto CA, as curl, Python and openssl see it; the JSON it shows.
import FaultlineTestSupport
import Testing

@Suite(.serialized) struct TLSTerminationTests {
    @Test func curlPythonAndOpensslTrustTheServedCAAndRefuseWithoutIt() throws {
        let h = try TLSHarness()
        // No proxy uses the CA yet: the route says so with the API's JSON error.
        let before = try h.request("GET", "/tls/ca.pem")
        #expect(before.status == 404 && before.bodyText.contains("\"status\":404"))
        let port = try h.createProxy("web", tls: #"{"listen":{"auto":true}}"#)
        let ca = try h.caFile()
        let served = try h.request("GET", "/tls/ca.pem")
        #expect(served.bodyText.hasPrefix("-----BEGIN CERTIFICATE-----") && !served.bodyText.contains("PRIVATE"))
        #expect(served.header("Content-Type") == "application/x-pem-file")

        let trusted = try h.curl(port, "/size/1000", ca: ca, ["-o", "/dev/null", "-w", "%{http_code} %{size_download}"])
        #expect(trusted.status == 0 && trusted.stdout == "200 1000", "\(trusted.stderr)")
        let untrusted = try h.curl(port, ca: nil)
        #expect(untrusted.status == 60, "\(untrusted.stderr)")
        // By address too: the auto certificate names 127.0.0.1.
        #expect(try h.curl(port, host: "127.0.0.1", ca: ca).stdout == "200")

        #expect(try h.python(port, ca: ca).stdout == "200\n")
        let refused = try h.python(port, ca: nil).stdout
        #expect(refused.hasPrefix("SSLCertVerificationError") && refused.contains("unable to get local issuer"), "\(refused)")

        let sClient = try TLSHarness.run([
            "sh", "-c",
            "echo | openssl s_client -connect 127.0.0.1:\(port) -servername localhost -CAfile \(ca) -verify_return_error",
        ])
        #expect(sClient.status == 0 && sClient.stdout.contains("Verify return code: 0 (ok)"), "\(sClient.stderr)")
        let counts = h.tls("web")
        #expect(counts.handshakes == 4 && counts.failures >= 1, "\(counts)")
    }

    @Test func theProxyObjectShowsTheTLSBlockOnlyWhenThereIsOne() throws {
        let h = try TLSHarness()
        try h.createProxy("plain", tls: nil)
        try h.createProxy("web", tls: #"{"listen":{"auto":true,"names":["localhost"]},"upstream":{"verify":false}}"#)
        let plain = try h.request("GET", "/proxies/plain").bodyText
        #expect(!plain.contains("tls") && plain.hasSuffix("\"toxics\":[]}"))
        let web = try h.request("GET", "/proxies/web").bodyText
        #expect(web.hasSuffix(#""toxics":[],"tls":{"listen":{"auto":true,"names":["localhost"]},"upstream":{"verify":false}}}"#))
        // A PATCH without `tls` keeps it; `"tls": null` removes it (and the proxy goes on, in plain TCP).
        #expect(try h.request("PATCH", "/proxies/web", #"{"enabled":true}"#).bodyText.contains("\"tls\""))
        let removed = try h.request("PATCH", "/proxies/web", #"{"tls":null}"#)
        #expect(removed.status == 200 && !removed.bodyText.contains("tls"))
    }

    @Test func httpToxicsSeeThePlaintext() throws {
        let h = try TLSHarness()
        let port = try h.createProxy("web", tls: #"{"listen":{"auto":true}}"#)
        let ca = try h.caFile()
        try h.addToxic("web", #"{"name":"teapot","type":"http_status","attributes":{"status":418}}"#)
        #expect(try h.curl(port, ca: ca).stdout == "418")
        try h.addToxic("web", #"{"name":"slow","type":"latency","attributes":{"latency":300}}"#)
        let timed = try h.curl(port, ca: ca, ["-o", "/dev/null", "-w", "%{http_code} %{time_starttransfer}"])
        let parts = timed.stdout.split(separator: " ")
        #expect(parts.first == "418" && (Double(parts.last ?? "") ?? 0) >= 0.3, "\(timed.stdout)")
    }

    @Test func plaintextAndGarbageAreCountedAndCloseOnlyTheirConnection() throws {
        let h = try TLSHarness()
        let port = try h.createProxy("web", tls: #"{"listen":{"auto":true}}"#)
        let ca = try h.caFile()
        // A slow download holds a good connection open while bad clients come and go.
        try h.addToxic("web", #"{"name":"bw","type":"bandwidth","attributes":{"rate":200}}"#)
        let download = try Subprocess([
            "/usr/bin/env", "curl", "-sS", "--max-time", "30", "--cacert", ca, "-o", "/dev/null", "-w", "%{size_download}",
            "https://localhost:\(port)/size/400000",
        ])
        let plain = try TLSHarness.run(["curl", "-sS", "--max-time", "5", "http://127.0.0.1:\(port)/size/5"])
        #expect(plain.status != 0)
        let garbage = try TLSHarness.run([
            "python3", "-c",
            "import socket,sys; s=socket.create_connection(('127.0.0.1',int(sys.argv[1]))); s.sendall(b'\\x16\\x03\\x01\\x00\\x05hello'*50); print(len(s.recv(100)))",
            String(port),
        ])
        #expect(garbage.status == 0)
        #expect(download.wait(timeout: 30) == 0 && download.stdout == "400000", "\(download.stderr)")
        #expect(h.tls("web").failures >= 2)
        #expect(try h.curl(port, ca: ca).stdout == "200")
        let metrics = try h.request("GET", "/metrics").bodyText
        let failures = metrics.split(separator: "\n").first {
            $0.hasPrefix("faultline_tls_failures_total{proxy=\"web\",side=\"client\"}")
        }
        #expect((failures?.split(separator: " ").last.flatMap { Double($0) } ?? 0) >= 2, "\(metrics)")
        #expect(metrics.contains("faultline_tls_handshakes_total{proxy=\"web\",side=\"client\"}"))
    }
}
