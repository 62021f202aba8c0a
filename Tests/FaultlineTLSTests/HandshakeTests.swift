/// Client and server sessions handshaking through memory, and what they report about the result.
import FaultlineTLS
import Testing

@Suite struct HandshakeTests {
    @Test func handshakeCompletesThroughMemory() throws {
        let pair = try Fixtures().pair().handshake()
        #expect(pair.clientEstablished)
        #expect(pair.serverEstablished)
        #expect(pair.client.isEstablished && pair.server.isEstablished)
        #expect(pair.clientLast == .needsInput)
        #expect(pair.serverLast == .needsInput)
        #expect(pair.client.protocolVersion == "TLSv1.3")
        #expect(pair.client.cipherSuite == pair.server.cipherSuite)
        #expect(pair.server.serverName == "localhost")
        #expect(pair.client.pendingCiphertext == 0 && pair.server.pendingCiphertext == 0)
        // Nothing is buffered once the handshake traffic has been delivered.
        #expect(pair.client.bufferedCiphertext == 0 && pair.server.bufferedCiphertext == 0)
    }

    @Test func clientVerifiesAnIPAddressWithoutSendingSNI() throws {
        let pair = try Fixtures().pair(serverName: "127.0.0.1").handshake()
        #expect(pair.clientEstablished && pair.serverEstablished)
        #expect(pair.server.serverName == nil)
    }

    @Test func alpnOffersAndSelectsHTTP1() throws {
        let fixtures = try Fixtures(options: TLSOptions(alpn: ["http/1.1"]))
        let pair = try fixtures.pair().handshake()
        #expect(pair.client.applicationProtocol == "http/1.1")
        #expect(pair.server.applicationProtocol == "http/1.1")
    }

    @Test func alpnWithoutOverlapStillConnects() throws {
        let fixtures = try Fixtures(options: TLSOptions(alpn: ["http/1.1"]))
        let client = try TLSClientContext(
            trustAnchors: fixtures.authority.trustAnchors, options: TLSOptions(alpn: ["h2"]))
        let pair = try fixtures.pair(client: client).handshake()
        #expect(pair.clientEstablished && pair.serverEstablished)
        #expect(pair.client.applicationProtocol == nil)
    }

    @Test func badALPNNameIsASettingError() throws {
        #expect(throws: TLSError.invalidSetting(field: "alpn[1]", reason: "an ALPN name has 1 to 255 bytes")) {
            _ = try TLSClientContext(options: TLSOptions(alpn: ["http/1.1", ""]))
        }
    }

    @Test func writingBeforeTheHandshakeTakesNothing() throws {
        let pair = try Fixtures().pair()
        let taken = try [UInt8]("early".utf8).withUnsafeBytes { try pair.client.write($0) }
        #expect(taken == 0)
    }

    @Test func verifyOffAcceptsAnUntrustedServer() throws {
        let fixtures = try Fixtures()
        let client = try TLSClientContext(verify: false)
        let pair = try fixtures.pair(serverName: "elsewhere.test", client: client).handshake()
        #expect(pair.clientEstablished && pair.serverEstablished)
    }

    @Test func systemTrustStoreRefusesFaultlinesCA() throws {
        let fixtures = try Fixtures()
        let pair = try fixtures.pair(client: TLSClientContext()).handshake()
        guard case .failed(let failure) = pair.clientLast else {
            Issue.record("expected a failure, got \(pair.clientLast)")
            return
        }
        #expect(failure.reason == "certificate verify failed")
        #expect(failure.verification?.code == TLSVerificationError.unableToGetIssuerLocally)
        #expect(failure.alertSent == .unknownCA)
        guard case .failed(let serverFailure) = pair.serverLast else {
            Issue.record("expected the server to fail too, got \(pair.serverLast)")
            return
        }
        #expect(serverFailure.alertReceived == .unknownCA)
    }
}
