/// Every `tls_certificate` mode, presented by a server session and refused by a verifying client for its reason.
import FaultlineTLS
import Testing

@Suite struct CertificateFaultTests {
    static let expectations: [(TLSCertificateFault, Int32, String)] = [
        (.expired, TLSVerificationError.expired, "certificate has expired"),
        (.notYetValid, TLSVerificationError.notYetValid, "certificate is not yet valid"),
        (.wrongHost, TLSVerificationError.hostnameMismatch, "hostname mismatch"),
        (.selfSigned, TLSVerificationError.selfSignedLeaf, "self-signed certificate"),
        (.untrusted, TLSVerificationError.selfSignedInChain, "self-signed certificate in certificate chain"),
    ]

    @Test(arguments: expectations)
    func clientRefusesTheFaultCertificate(_ fault: TLSCertificateFault, code: Int32, reason: String) throws {
        let fixtures = try Fixtures()
        let certificate = try fixtures.authority.faultIdentity(fault, for: ["localhost", "127.0.0.1"])
        let pair = try fixtures.pair(certificate: certificate).handshake()
        guard case .failed(let failure) = pair.clientLast else {
            Issue.record("\(fault): expected the client to refuse, got \(pair.clientLast)")
            return
        }
        #expect(failure.reason == "certificate verify failed")
        #expect(failure.verification == TLSVerificationError(code: code, reason: reason))
        #expect(failure.duringHandshake)
        #expect(failure.alertSent != nil)
        // The server learns why from the client's alert.
        guard case .failed(let serverFailure) = pair.serverLast else {
            Issue.record("\(fault): expected the server to see the alert, got \(pair.serverLast)")
            return
        }
        #expect(serverFailure.alertReceived == failure.alertSent)
    }

    @Test(arguments: expectations)
    func opensslVerifyAgrees(_ fault: TLSCertificateFault, code: Int32, reason: String) throws {
        let fixtures = try Fixtures()
        let certificate = try fixtures.authority.faultIdentity(fault, for: ["localhost"])
        let directory = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTree(directory) }
        try Fixtures.write(fixtures.authority.certificatePEM, to: directory + "/ca.pem")
        // The leaf first, then whatever chain the server would send, as untrusted intermediates.
        let end = "-----END CERTIFICATE-----\n"
        let pems = certificate.certificatePEM.split(separator: end).map { String($0) + end }
        try Fixtures.write(pems[0], to: directory + "/leaf.pem")
        try Fixtures.write(pems.dropFirst().joined(), to: directory + "/chain.pem")
        var argv = ["/usr/bin/openssl", "verify", "-CAfile", directory + "/ca.pem", "-verify_hostname", "localhost"]
        if pems.count > 1 { argv += ["-untrusted", directory + "/chain.pem"] }
        let outcome = try Fixtures.run(argv + [directory + "/leaf.pem"])
        #expect(outcome.status != 0)
        #expect(outcome.stdout.contains("error \(code)") || outcome.stderr.contains("error \(code)"), "\(outcome)")
    }

    @Test func theRealLeafPassesOpensslVerify() throws {
        let fixtures = try Fixtures()
        let directory = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTree(directory) }
        try Fixtures.write(fixtures.authority.certificatePEM, to: directory + "/ca.pem")
        try Fixtures.write(
            try fixtures.authority.identity(for: ["localhost"]).certificatePEM, to: directory + "/leaf.pem")
        let outcome = try Fixtures.run([
            "/usr/bin/openssl", "verify", "-CAfile", directory + "/ca.pem", "-verify_hostname", "localhost",
            directory + "/leaf.pem",
        ])
        #expect(outcome.status == 0, "\(outcome)")
    }

    @Test func faultCertificatesAreCachedPerModeAndNames() throws {
        let authority = try CertificateAuthority.ephemeral()
        let first = try authority.faultIdentity(.expired, for: ["localhost"])
        #expect(try authority.faultIdentity(.expired, for: ["localhost"]) === first)
        #expect(try authority.faultIdentity(.expired, for: ["example.test"]) !== first)
        #expect(try authority.faultIdentity(.untrusted, for: ["localhost"]) !== first)
    }

    @Test func theServerCanChooseTheFaultCertificateWhenResuming() throws {
        let fixtures = try Fixtures()
        let pair = try fixtures.pair(clientHello: .suspend).handshake()
        #expect(pair.serverLast == .suspended(TLSClientHello(serverName: "localhost")))
        let wrong = try fixtures.authority.faultIdentity(.wrongHost, for: ["localhost"])
        _ = pair.server.resumeHandshake(certificate: wrong)
        pair.pump()
        guard case .failed(let failure) = pair.clientLast else {
            Issue.record("expected the client to refuse, got \(pair.clientLast)")
            return
        }
        #expect(failure.verification?.code == TLSVerificationError.hostnameMismatch)
    }
}
