/// The auto CA: made once per state directory, reused after, key file 0600, and what it issues.
import FaultlineTLS
import Glibc
import Testing

@Suite struct CertificateAuthorityTests {
    @Test func createdOnceThenReused() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTree(directory) }
        let first = try CertificateAuthority.open(stateDirectory: directory)
        #expect(first.origin == .created)
        let second = try CertificateAuthority.open(stateDirectory: directory)
        #expect(second.origin == .reused)
        #expect(second.certificatePEM == first.certificatePEM)
        #expect(
            try Fixtures.read(CertificateAuthority.certificatePath(stateDirectory: directory)) == first.certificatePEM)

        // A leaf from the reopened CA is trusted by a client that trusts the first one.
        let leaf = try second.identity(for: ["localhost"])
        let client = try TLSClientContext(trustAnchors: first.trustAnchors)
        let pair = try Fixtures().pair(server: TLSServerContext(identity: leaf), client: client).handshake()
        #expect(pair.clientEstablished && pair.serverEstablished)
    }

    @Test func keyFileIsOwnerOnlyAndNeverServed() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTree(directory) }
        let authority = try CertificateAuthority.open(stateDirectory: directory)
        let keyPath = CertificateAuthority.keyPath(stateDirectory: directory)
        #expect(Fixtures.mode(of: keyPath) == 0o600)
        #expect(Fixtures.mode(of: directory + "/tls") == 0o700)
        #expect(try Fixtures.read(keyPath).contains("PRIVATE KEY"))
        #expect(!authority.certificatePEM.contains("PRIVATE KEY"))
        #expect(!(try authority.identity(for: ["localhost"]).certificatePEM.contains("PRIVATE KEY")))
        #expect(!(try authority.identity(for: ["localhost"]).description.contains("PRIVATE")))
    }

    @Test func unusableFilesAreReplacedWithTheReason() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTree(directory) }
        let first = try CertificateAuthority.open(stateDirectory: directory)
        try Fixtures.write("garbage\n", to: CertificateAuthority.certificatePath(stateDirectory: directory))
        let second = try CertificateAuthority.open(stateDirectory: directory)
        guard case .replaced(let reason) = second.origin else {
            Issue.record("expected a replacement, got \(second.origin)")
            return
        }
        #expect(reason.contains("ca.pem") && reason.contains("no start line"), "\(reason)")
        #expect(second.certificatePEM != first.certificatePEM)
        #expect(try CertificateAuthority.open(stateDirectory: directory).origin == .reused)
    }

    @Test func aKeyWithoutItsCertificateIsReplaced() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTree(directory) }
        _ = try CertificateAuthority.open(stateDirectory: directory)
        unlink(CertificateAuthority.certificatePath(stateDirectory: directory))
        let again = try CertificateAuthority.open(stateDirectory: directory)
        #expect(
            again.origin
                == .replaced(reason: "\(CertificateAuthority.certificatePath(stateDirectory: directory)) is missing"))
    }

    @Test func leavesAreCachedPerNameList() throws {
        let authority = try CertificateAuthority.ephemeral()
        let leaf = try authority.identity(for: ["localhost", "127.0.0.1"])
        #expect(try authority.identity(for: ["localhost", "127.0.0.1"]) === leaf)
        #expect(try authority.identity(for: ["localhost"]) !== leaf)
        #expect(leaf.subject.contains("CN=localhost"))
    }

    @Test func leavesCoverDNSNamesAndAddresses() throws {
        let fixtures = try Fixtures(names: ["api.example.test", "::1", "10.1.2.3", "*.wild.example.test"])
        for name in ["api.example.test", "::1", "10.1.2.3", "x.wild.example.test"] {
            let pair = try fixtures.pair(serverName: name).handshake()
            #expect(pair.clientEstablished, "\(name): \(pair.clientLast)")
        }
        let pair = try fixtures.pair(serverName: "other.example.test").handshake()
        #expect(pair.client.failure?.verification?.code == TLSVerificationError.hostnameMismatch)
    }

    @Test(arguments: [
        ([String](), "names", "at least one name is needed"),
        (["ok.test", "bad name"], "names[1]", "bad name is neither a DNS name nor an IP address"),
        (["a..b"], "names[0]", "a..b is neither a DNS name nor an IP address"),
    ])
    func badNamesAreRefusedByField(_ names: [String], field: String, reason: String) throws {
        let authority = try CertificateAuthority.ephemeral()
        #expect(throws: TLSError.invalidSetting(field: field, reason: reason)) {
            _ = try authority.identity(for: names)
        }
    }

    @Test func unwritableStateDirectoryIsAnError() throws {
        #expect(throws: TLSError.self) {
            _ = try CertificateAuthority.open(stateDirectory: "/proc/faultline-cannot-be-here")
        }
    }
}
