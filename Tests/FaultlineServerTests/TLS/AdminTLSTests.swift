/// `--admin-tls-cert`/`--admin-tls-key`: the admin API over HTTPS (Toxiproxy #406), and a bad key stops start-up.
import FaultlineTestSupport
import Testing

@Suite(.serialized) struct AdminTLSTests {
    @Test func theAdminAPIAnswersOverHTTPSOnly() throws {
        let files = try TLSHarness()
        let certificate = try files.certificate("admin")
        let serve = try ServeProcess(
            config: #"[{"name":"web","listen":"127.0.0.1:0","upstream":"127.0.0.1:1","tls":{"listen":{"auto":true}}}]"#,
            arguments: ["--admin-tls-cert", certificate.cert, "--admin-tls-key", certificate.key, "--state-dir",
                        "\(files.directory)/state"])
        let base = "https://localhost:\(serve.adminPort)"
        let version = try TLSHarness.run(["curl", "-sS", "--max-time", "10", "--cacert", certificate.cert, "\(base)/version"])
        #expect(version.stdout == "{\"version\": \"2.12.0\"}\n", "\(version.stderr)")
        // Keep-alive and a body over TLS: a toxic added, then listed, on one connection.
        let both = try TLSHarness.run([
            "curl", "-sS", "--max-time", "10", "--cacert", certificate.cert, "-X", "POST", "-d",
            #"{"type":"tls_certificate","attributes":{"mode":"expired"}}"#, "\(base)/proxies/web/toxics", "--next",
            "--cacert", certificate.cert, "\(base)/proxies/web/toxics",
        ])
        #expect(both.stdout.contains("\"tls_certificate\"") && both.stdout.hasSuffix("]"), "\(both.stdout) \(both.stderr)")
        // The CA is served there too, and a plain HTTP client gets nowhere.
        let ca = try TLSHarness.run(["curl", "-sS", "--cacert", certificate.cert, "\(base)/tls/ca.pem"])
        #expect(ca.stdout.hasPrefix("-----BEGIN CERTIFICATE-----"))
        let plain = try TLSHarness.run(["curl", "-sS", "--max-time", "5", "http://127.0.0.1:\(serve.adminPort)/version"])
        #expect(plain.status != 0)
        #expect(serve.process.wait(timeout: 0) == nil)
    }

    @Test func aKeyThatIsNotTheCertificatesStopsStartUp() throws {
        let files = try TLSHarness()
        let certificate = try files.certificate("admin")
        let other = try files.certificate("other")
        let outcome = try Subprocess.faultline(
            ["serve", "--port", "0", "--admin-tls-cert", certificate.cert, "--admin-tls-key", other.key], timeout: 30)
        #expect(outcome.status != 0 && outcome.stderr.contains("--admin-tls-key") && outcome.stderr.contains(other.key)
                && outcome.stderr.contains("does not match"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("PRIVATE KEY"))
    }
}
