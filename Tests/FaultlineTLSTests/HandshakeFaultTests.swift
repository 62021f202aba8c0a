/// The `tls_handshake` hooks: holding a handshake at the ClientHello, letting it go, refusing it with an alert.
import FaultlineTLS
import Testing

@Suite struct HandshakeFaultTests {
    @Test func suspendHoldsTheHandshakeUntilResumed() throws {
        let pair = try Fixtures().pair(clientHello: .suspend).handshake()
        #expect(pair.serverLast == .suspended(TLSClientHello(serverName: "localhost")))
        #expect(pair.clientLast == .needsInput)
        #expect(pair.server.pendingCiphertext == 0)
        // More reads (more input, a spurious wake-up) change nothing while the fault holds the handshake.
        pair.pump()
        #expect(pair.serverLast == .suspended(TLSClientHello(serverName: "localhost")))
        #expect(!pair.clientEstablished)

        let event = pair.server.resumeHandshake()
        #expect(event == .needsInput)
        #expect(pair.server.pendingCiphertext > 0)
        pair.pump()
        #expect(pair.clientEstablished && pair.serverEstablished)
        try pair.send(Array("after the stall".utf8), fromClient: true)
        #expect(pair.serverReceived == Array("after the stall".utf8))
    }

    @Test func suspendedHelloWithoutSNI() throws {
        let pair = try Fixtures().pair(serverName: "127.0.0.1", clientHello: .suspend).handshake()
        #expect(pair.serverLast == .suspended(TLSClientHello(serverName: nil)))
    }

    @Test(arguments: TLSAlert.fatalNames)
    func abortSendsTheNamedAlert(_ name: String) throws {
        let alert = try #require(TLSAlert(name: name))
        let pair = try Fixtures().pair(clientHello: .suspend).handshake()
        let event = pair.server.abortHandshake(alert: alert)
        guard case .failed(let failure) = event else {
            Issue.record("\(name): expected a failure, got \(event)")
            return
        }
        #expect(failure.alertSent == alert)
        #expect(pair.server.pendingCiphertext > 0, "the alert waits to be written")
        pair.pump()
        guard case .failed(let clientFailure) = pair.clientLast else {
            Issue.record("\(name): expected the client to fail, got \(pair.clientLast)")
            return
        }
        #expect(clientFailure.alertReceived == alert)
        #expect(clientFailure.reason.contains(name.replacingUnderscores()), "\(clientFailure.reason)")
    }

    @Test func abortAtOnceWithoutSuspending() throws {
        let pair = try Fixtures().pair(clientHello: .abort(.protocolVersion)).handshake()
        guard case .failed(let failure) = pair.serverLast, case .failed(let clientFailure) = pair.clientLast else {
            Issue.record("expected both to fail: \(pair.serverLast) / \(pair.clientLast)")
            return
        }
        #expect(failure.alertSent == .protocolVersion)
        #expect(clientFailure.alertReceived == .protocolVersion)
        #expect(clientFailure.reason == "tlsv1 alert protocol version")
    }

    @Test func abortRequestedBeforeTheHelloArrives() throws {
        let pair = try Fixtures().pair()
        #expect(pair.server.abortHandshake(alert: .accessDenied) == .needsInput)
        pair.handshake()
        guard case .failed(let clientFailure) = pair.clientLast else {
            Issue.record("expected the client to fail, got \(pair.clientLast)")
            return
        }
        #expect(clientFailure.alertReceived == .accessDenied)
    }

    @Test func failureIsSticky() throws {
        let pair = try Fixtures().pair(clientHello: .abort(.handshakeFailure)).handshake()
        let first = pair.serverLast
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(buffer.withUnsafeMutableBytes { pair.server.read(into: $0) } == first)
        #expect(pair.server.resumeHandshake() == first)
        #expect(throws: TLSFailure.self) {
            try [UInt8](repeating: 1, count: 4).withUnsafeBytes { try pair.server.write($0) }
        }
    }
}

extension String {
    /// `handshake_failure` → `handshake failure`, as OpenSSL's reason strings spell alerts.
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
