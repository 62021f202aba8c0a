/// TLSOptions: versions, ciphers and what a version mismatch or a TLS 1.2 peer sees.
import FaultlineTLS
import Testing

@Suite struct ProtocolOptionTests {
    @Test func tls12WithAChosenCipher() throws {
        let options = TLSOptions(maximumVersion: .tls12, cipherList: "ECDHE-ECDSA-AES128-GCM-SHA256")
        let pair = try Fixtures(options: options).pair().handshake()
        #expect(pair.clientEstablished && pair.serverEstablished)
        #expect(pair.client.protocolVersion == "TLSv1.2")
        #expect(pair.client.cipherSuite == "ECDHE-ECDSA-AES128-GCM-SHA256")
        try pair.send(DataTransferTests.pattern(100_000), fromClient: false)
        #expect(pair.clientReceived == DataTransferTests.pattern(100_000))
        pair.client.close()
        pair.pump()
        #expect(pair.serverLast == .closed(clean: true))
    }

    @Test func tls13WithAChosenSuite() throws {
        let pair = try Fixtures(options: TLSOptions(cipherSuites: "TLS_CHACHA20_POLY1305_SHA256")).pair().handshake()
        #expect(pair.client.cipherSuite == "TLS_CHACHA20_POLY1305_SHA256")
    }

    @Test func abortReachesATLS12Client() throws {
        let fixtures = try Fixtures(options: TLSOptions(maximumVersion: .tls12))
        let pair = try fixtures.pair(clientHello: .abort(.unrecognizedName)).handshake()
        #expect(pair.client.failure?.alertReceived == .unrecognizedName)
    }

    @Test func versionMismatchFailsWithProtocolVersion() throws {
        let fixtures = try Fixtures(options: TLSOptions(minimumVersion: .tls13))
        let old = try TLSClientContext(
            trustAnchors: fixtures.authority.trustAnchors, options: TLSOptions(maximumVersion: .tls12))
        let pair = try fixtures.pair(client: old).handshake()
        #expect(pair.server.failure?.alertSent == .protocolVersion)
        #expect(pair.client.failure?.alertReceived == .protocolVersion)
    }

    @Test func unknownCiphersAreSettingErrors() {
        #expect(throws: TLSError.self) { _ = try TLSClientContext(options: TLSOptions(cipherList: "NOPE-CIPHER")) }
        #expect(throws: TLSError.self) { _ = try TLSClientContext(options: TLSOptions(cipherSuites: "TLS_NOPE")) }
    }
}
