/// Client certificates: a listener with `client_ca` accepts certificates its CA issued and refuses the rest.
import FaultlineTLS
import Testing

@Suite struct MutualTLSTests {
    /// A listener that requires client certificates from `clients`, and the fixtures' server identity.
    static func listener(_ fixtures: Fixtures, trusting clients: CertificateAuthority) throws -> TLSServerContext {
        try TLSServerContext(
            identity: fixtures.authority.identity(for: ["localhost"]),
            clientCertificateAuthorities: clients.trustAnchors)
    }

    @Test func acceptsAClientCertificateFromItsCA() throws {
        let fixtures = try Fixtures()
        let clients = try CertificateAuthority.ephemeral(name: "Client CA")
        let client = try TLSClientContext(
            trustAnchors: fixtures.authority.trustAnchors, identity: clients.identity(for: ["client.test"]))
        let pair = try fixtures.pair(server: Self.listener(fixtures, trusting: clients), client: client).handshake()
        #expect(pair.clientEstablished && pair.serverEstablished)
        #expect(pair.server.peerCertificateSubject?.contains("CN=client.test") == true)
        try pair.send(Array("hello".utf8), fromClient: true)
        #expect(pair.serverReceived == Array("hello".utf8))
    }

    @Test func refusesAClientWithoutACertificate() throws {
        let fixtures = try Fixtures()
        let clients = try CertificateAuthority.ephemeral(name: "Client CA")
        let pair = try fixtures.pair(server: Self.listener(fixtures, trusting: clients)).handshake()
        guard case .failed(let failure) = pair.serverLast else {
            Issue.record("expected the server to refuse, got \(pair.serverLast)")
            return
        }
        #expect(failure.reason == "peer did not return a certificate")
        #expect(failure.alertSent == .certificateRequired)
        // In TLS 1.3 the client learns of it when it next reads.
        #expect(pair.client.failure?.alertReceived == .certificateRequired)
    }

    @Test func refusesACertificateFromAnotherCA() throws {
        let fixtures = try Fixtures()
        let clients = try CertificateAuthority.ephemeral(name: "Client CA")
        let strangers = try CertificateAuthority.ephemeral(name: "Stranger CA")
        let client = try TLSClientContext(
            trustAnchors: fixtures.authority.trustAnchors, identity: strangers.identity(for: ["client.test"]))
        let pair = try fixtures.pair(server: Self.listener(fixtures, trusting: clients), client: client).handshake()
        guard case .failed(let failure) = pair.serverLast else {
            Issue.record("expected the server to refuse, got \(pair.serverLast)")
            return
        }
        #expect(failure.reason == "certificate verify failed")
        #expect(failure.verification?.code == TLSVerificationError.unableToGetIssuerLocally)
        #expect(failure.alertSent == .unknownCA)
        #expect(pair.client.failure?.alertReceived == .unknownCA)
    }
}
