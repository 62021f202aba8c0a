/// Upstream session resumption: a client context offers the session a server issued for the same name.
import FaultlineTLS
import Testing

@Suite struct ResumptionTests {
    @Test func theSecondHandshakeToTheSameNameResumes() throws {
        let fixtures = try Fixtures()
        let first = try fixtures.pair().handshake()
        #expect(first.clientEstablished && !first.client.isResumed)
        let second = try fixtures.pair().handshake()
        #expect(second.clientEstablished && second.serverEstablished)
        #expect(second.client.isResumed && second.server.isResumed)
        // Another name has no session to offer: a full handshake, verified.
        let other = try fixtures.pair(serverName: "127.0.0.1").handshake()
        #expect(other.clientEstablished && !other.client.isResumed)
    }

    @Test func aContextWithoutResumptionAlwaysHandshakesInFull() throws {
        let fixtures = try Fixtures()
        let client = try TLSClientContext(trustAnchors: fixtures.authority.trustAnchors, resumeSessions: false)
        _ = try fixtures.pair(client: client).handshake()
        let second = try fixtures.pair(client: client).handshake()
        #expect(second.clientEstablished && !second.client.isResumed)
    }

    /// A connection may outlive its context (a proxy's TLS settings replaced while it runs): the tickets that arrive
    /// after the context has gone still land in the cache the session holds, never in freed memory.
    @Test func aSessionOutlivingItsContextStillTakesItsTickets() throws {
        let fixtures = try Fixtures()
        var client: TLSClientContext? = try TLSClientContext(trustAnchors: fixtures.authority.trustAnchors)
        weak let gone = client
        let pair = try fixtures.pair(client: client)
        client = nil
        #expect(gone == nil)
        _ = pair.handshake()
        #expect(pair.clientEstablished)
        try pair.send(Array("ping".utf8), fromClient: true)
        #expect(pair.serverReceived == Array("ping".utf8))
    }

    @Test func aResumedSessionStillCarriesData() throws {
        let fixtures = try Fixtures()
        _ = try fixtures.pair().handshake()
        let pair = try fixtures.pair().handshake()
        #expect(pair.client.isResumed)
        try pair.send(Array("ping".utf8), fromClient: true)
        #expect(pair.serverReceived == Array("ping".utf8))
    }
}
