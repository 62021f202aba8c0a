/// What hostile or mistaken input does: garbage on a TLS listener, and PEM files that cannot be used.
import FaultlineTLS
import Glibc
import Testing

@Suite struct BadInputTests {
    @Test(arguments: [
        ("plain HTTP", Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), "http request"),
        ("a handshake record of garbage", [0x16, 0x03, 0x01, 0x00, 0x05] + Array("hello".utf8), "unexpected message"),
        ("an SSH banner", Array("SSH-2.0-OpenSSH_9.0\r\n".utf8), "wrong version number"),
    ])
    func garbageOnAListenerFailsCleanly(_ what: String, input: [UInt8], reason: String) throws {
        let fixtures = try Fixtures()
        let server = try TLSSession(server: fixtures.server)
        input.withUnsafeBytes { server.receiveCiphertext($0) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let event = buffer.withUnsafeMutableBytes { server.read(into: $0) }
        guard case .failed(let failure) = event else {
            Issue.record("expected a failure, got \(event)")
            return
        }
        #expect(failure.duringHandshake)
        #expect(failure.reason.contains(reason), "\(failure.reason)")
    }

    @Test func randomBytesAfterTheHandshakeFailTheSession() throws {
        let pair = try Fixtures().pair().handshake()
        Array(repeating: UInt8(0x17), count: 5).withUnsafeBytes { pair.server.receiveCiphertext($0) }
        Array(DataTransferTests.pattern(200)).withUnsafeBytes { pair.server.receiveCiphertext($0) }
        pair.drain(pair.server)
        guard case .failed(let failure) = pair.serverLast else {
            Issue.record("expected a failure, got \(pair.serverLast)")
            return
        }
        #expect(!failure.duringHandshake)
        #expect(failure.alertSent != nil)
    }

    @Test func pemErrorsNameTheFileAndOpenSSLsReason() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTree(directory) }
        let (cert, key) = try Self.makePair(directory: directory)
        let otherKey = try Self.makeKey(directory + "/other-key.pem")
        let garbage = directory + "/garbage.pem"
        try Fixtures.write("this is not PEM\n", to: garbage)
        _ = try TLSServerContext(certificateFile: cert, keyFile: key)

        #expect(throws: TLSError.unreadableFile(path: directory + "/missing.pem", reason: "no such file or directory"))
        {
            _ = try TLSServerContext(certificateFile: directory + "/missing.pem", keyFile: key)
        }
        #expect(
            throws: TLSError.invalidFile(
                path: garbage, reason: "no PEM certificate: no start line (Expecting: CERTIFICATE)")
        ) {
            _ = try TLSServerContext(certificateFile: garbage, keyFile: key)
        }
        let unsupported = "no usable PEM private key: unsupported (No supported data to decode. Input type: PEM)"
        #expect(throws: TLSError.invalidFile(path: garbage, reason: unsupported)) {
            _ = try TLSServerContext(certificateFile: cert, keyFile: garbage)
        }
        #expect(
            throws: TLSError.invalidFile(
                path: key, reason: "no PEM certificate: no start line (Expecting: CERTIFICATE)")
        ) {
            _ = try TLSServerContext(certificateFile: cert, keyFile: key, clientCAFile: key)
        }
        #expect(throws: TLSError.unreadableFile(path: directory, reason: "is a directory")) {
            _ = try TLSClientContext(trustAnchors: TLSTrustAnchors.load(file: directory))
        }
        do {
            _ = try TLSServerContext(certificateFile: cert, keyFile: otherKey)
            Issue.record("a key of another certificate was accepted")
        } catch {
            #expect(error == .keyMismatch(certificatePath: cert, keyPath: otherKey, reason: "key values mismatch"))
            #expect(
                error.message
                    == "\(otherKey): private key does not match the certificate in \(cert): key values mismatch")
        }
    }

    @Test(arguments: [
        (true, "certificate has expired (notAfter Feb  1 00:00:00 2020 GMT)"),
        (false, "certificate is not yet valid (notBefore Jan  1 00:00:00 2045 GMT)"),
    ])
    func outOfDateCertificatesAreRefusedAtLoad(expired: Bool, reason: String) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTree(directory) }
        let key = try Self.makeKey(directory + "/key.pem")
        let cert = directory + "/cert.pem"
        try Self.makeDated(cert: cert, key: key, expired: expired)
        #expect(throws: TLSError.certificateNotValid(path: cert, reason: reason)) {
            _ = try TLSServerContext(certificateFile: cert, keyFile: key)
        }
        // A fault certificate may be out of date on purpose.
        _ = try TLSIdentity.load(certificateFile: cert, keyFile: key, requireValidNow: false)
    }

    /// A self-signed certificate and its key from `openssl req`.
    static func makePair(directory: String) throws -> (cert: String, key: String) {
        let cert = directory + "/cert.pem"
        let key = directory + "/key.pem"
        let outcome = try Fixtures.run([
            "/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", cert, "-subj", "/CN=localhost", "-days", "2",
        ])
        guard outcome.status == 0 else { throw FixtureError("openssl req -x509: \(outcome.stderr)") }
        return (cert, key)
    }

    static func makeKey(_ path: String) throws -> String {
        let outcome = try Fixtures.run([
            "/usr/bin/openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path,
        ])
        guard outcome.status == 0 else { throw FixtureError("openssl genpkey: \(outcome.stderr)") }
        return path
    }

    /// A self-signed certificate whose validity lies wholly in the past or the future: `openssl ca` takes
    /// explicit -startdate/-enddate, which OpenSSL 3.0's req and x509 do not.
    static func makeDated(cert: String, key: String, expired: Bool) throws {
        let directory = String(cert[..<(cert.lastIndex(of: "/") ?? cert.endIndex)])
        let csr = cert + ".csr"
        let config = directory + "/ca.cnf"
        try Fixtures.write(
            """
            [ca]
            default_ca = local
            [local]
            database = \(directory)/index.txt
            new_certs_dir = \(directory)
            serial = \(directory)/serial
            default_md = sha256
            policy = anything
            [anything]
            commonName = supplied

            """, to: config)
        try Fixtures.write("", to: directory + "/index.txt")
        try Fixtures.write("01\n", to: directory + "/serial")
        var outcome = try Fixtures.run([
            "/usr/bin/openssl", "req", "-new", "-key", key, "-subj", "/CN=dated", "-out", csr,
        ])
        guard outcome.status == 0 else { throw FixtureError("openssl req: \(outcome.stderr)") }
        let (start, end) = expired ? ("20200101000000Z", "20200201000000Z") : ("20450101000000Z", "20450201000000Z")
        outcome = try Fixtures.run([
            "/usr/bin/openssl", "ca", "-batch", "-config", config, "-selfsign", "-keyfile", key, "-in", csr,
            "-out", cert, "-startdate", start, "-enddate", end, "-notext",
        ])
        guard outcome.status == 0 else { throw FixtureError("openssl ca: \(outcome.stderr)") }
    }
}
