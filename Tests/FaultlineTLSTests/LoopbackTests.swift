import FaultlineTLS
/// Real clients on loopback: curl and openssl s_client against a tiny blocking server driving a TLSSession.
import FaultlineTestSupport
import Glibc
import Testing

@Suite struct LoopbackTests {
    /// Serves one HTTP/1.1 request over TLS on `fd` (blocking), answering `hello`, then closes.
    static func serveOnce(_ listener: CInt, context: TLSServerContext) {
        let fd = accept(listener, nil, nil)
        guard fd >= 0, let session = try? TLSSession(server: context) else { return }
        defer { close(fd) }
        var plaintext: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        func flush() {
            while session.pendingCiphertext > 0 {
                let written = session.drainCiphertext { bytes in Glibc.write(fd, bytes.baseAddress, bytes.count) }
                if written <= 0 { return }
            }
        }
        while true {
            let received = session.receiveCiphertext { space in Glibc.read(fd, space.baseAddress, space.count) }
            if received <= 0 { session.receiveEndOfStream() }
            reading: while true {
                let event = buffer.withUnsafeMutableBytes { session.read(into: $0) }
                switch event {
                case .plaintext(let count): plaintext += buffer[..<count]
                case .established: continue
                case .needsInput: break reading
                case .suspended, .closed, .failed:
                    flush()
                    return
                }
            }
            flush()
            if plaintext.count >= 4 && String(decoding: plaintext.suffix(4), as: UTF8.self) == "\r\n\r\n" {
                let answer = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
                _ = try? Array(answer.utf8).withUnsafeBytes { try session.write($0) }
                session.close()
                flush()
                shutdown(fd, Int32(SHUT_WR))
                return
            }
        }
    }

    static func withServer(_ context: TLSServerContext, _ body: (UInt16) throws -> Void) throws {
        let (listener, port) = try LoopbackListener.open()
        Thread.detach { serveOnce(listener, context: context) }
        defer {
            // Unblocks accept() if the client never came.
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
        try body(port)
    }

    @Test func curlTrustsTheAutoCA() throws {
        let authority = try CertificateAuthority.ephemeral()
        let context = try TLSServerContext(
            identity: authority.identity(for: ["localhost"]), options: TLSOptions(alpn: ["http/1.1"]))
        let directory = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTree(directory) }
        try Fixtures.write(authority.certificatePEM, to: directory + "/ca.pem")
        try Self.withServer(context) { port in
            let outcome = try Fixtures.run([
                "/usr/bin/curl", "--silent", "--show-error", "--max-time", "20", "--cacert", directory + "/ca.pem",
                "https://localhost:\(port)/",
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout == "hello")
        }
    }

    @Test func curlRefusesAnExpiredFaultCertificate() throws {
        let authority = try CertificateAuthority.ephemeral()
        let context = try TLSServerContext(identity: authority.faultIdentity(.expired, for: ["localhost"]))
        let directory = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTree(directory) }
        try Fixtures.write(authority.certificatePEM, to: directory + "/ca.pem")
        try Self.withServer(context) { port in
            let outcome = try Fixtures.run([
                "/usr/bin/curl", "--silent", "--show-error", "--max-time", "20", "--cacert", directory + "/ca.pem",
                "https://localhost:\(port)/",
            ])
            #expect(outcome.status == 60, "curl exits 60 for a certificate it cannot verify: \(outcome)")
            #expect(outcome.stderr.contains("certificate has expired"), "\(outcome.stderr)")
        }
    }
}
