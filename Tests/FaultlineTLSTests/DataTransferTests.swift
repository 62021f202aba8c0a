/// Plaintext through an established session pair: bulk, many small writes, backpressure and the ways a stream ends.
import FaultlineTLS
import Testing

@Suite struct DataTransferTests {
    /// Bytes whose every position is distinguishable, so a dropped or repeated record shows up.
    static func pattern(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    @Test func oneMebibyteEachWay() throws {
        let pair = try Fixtures().pair().handshake()
        let up = Self.pattern(1 << 20, seed: 7)
        let down = Self.pattern(1 << 20, seed: 9)
        try pair.send(up, fromClient: true)
        try pair.send(down, fromClient: false)
        #expect(pair.serverReceived == up)
        #expect(pair.clientReceived == down)
        // The output limit keeps each burst to a few records, never the whole mebibyte.
        #expect(pair.client.pendingCiphertext == 0 && pair.server.bufferedCiphertext == 0)
    }

    @Test func manySmallWritesArriveInOrder() throws {
        let pair = try Fixtures().pair().handshake()
        var up: [UInt8] = []
        var down: [UInt8] = []
        for index in 0..<2000 {
            let question = Array("q\(index);".utf8)
            let answer = Array("a\(index);".utf8)
            up += question
            down += answer
            try pair.send(question, fromClient: true)
            try pair.send(answer, fromClient: false)
        }
        #expect(pair.serverReceived == up)
        #expect(pair.clientReceived == down)
    }

    @Test func writeStopsAtTheOutputLimitUntilDrained() throws {
        let pair = try Fixtures().pair().handshake()
        pair.client.outputLimit = 20_000
        let data = Self.pattern(100_000)
        let taken = try data.withUnsafeBytes { try pair.client.write($0) }
        // Two 16 KiB records fit before the pending ciphertext passes the limit.
        #expect(taken == 32_768)
        #expect(pair.client.pendingCiphertext > 20_000)
        let again = try data[taken...].withUnsafeBytes { try pair.client.write($0) }
        #expect(again == 0)
        pair.pump()
        #expect(pair.serverReceived == Array(data[..<taken]))
    }

    @Test func aSmallReadBufferLeavesTheRestPending() throws {
        let pair = try Fixtures().pair().handshake()
        let data = Self.pattern(10_000)
        _ = try data.withUnsafeBytes { try pair.client.write($0) }
        pair.client.drainCiphertext { bytes in
            pair.server.receiveCiphertext(bytes)
            return bytes.count
        }
        var small = [UInt8](repeating: 0, count: 100)
        var received: [UInt8] = []
        #expect(pair.server.hasPendingInput)
        while pair.server.hasPendingInput {
            guard case .plaintext(let count) = small.withUnsafeMutableBytes({ pair.server.read(into: $0) }) else {
                break
            }
            received += small[..<count]
        }
        #expect(received == data)
        #expect(small.withUnsafeMutableBytes { pair.server.read(into: $0) } == .needsInput)
    }

    @Test func closeNotifyEndsTheStreamCleanlyAndAllowsHalfClose() throws {
        let pair = try Fixtures().pair().handshake()
        try pair.send(Array("last words".utf8), fromClient: true)
        pair.client.close()
        #expect(pair.client.isClosedForWriting)
        pair.pump()
        #expect(pair.serverReceived == Array("last words".utf8))
        #expect(pair.serverLast == .closed(clean: true))
        #expect(pair.server.alertReceived == .closeNotify)
        // TLS half-close: the server may still answer after the client has closed its side.
        try pair.send(Array("reply".utf8), fromClient: false)
        #expect(pair.clientReceived == Array("reply".utf8))
        pair.server.close()
        pair.pump()
        #expect(pair.clientLast == .closed(clean: true))
    }

    @Test func tcpEndWithoutCloseNotifyIsAnUncleanEnd() throws {
        let pair = try Fixtures().pair().handshake()
        try pair.send(Array("no goodbye".utf8), fromClient: true)
        pair.server.receiveEndOfStream()
        pair.drain(pair.server)
        #expect(pair.serverReceived == Array("no goodbye".utf8))
        #expect(pair.serverLast == .closed(clean: false))
        #expect(pair.server.failure == nil)
    }

    @Test func tcpEndDuringTheHandshakeIsAFailure() throws {
        let pair = try Fixtures().pair()
        _ = pair.client.handshake()
        pair.server.receiveEndOfStream()
        pair.drain(pair.server)
        guard case .failed(let failure) = pair.serverLast else {
            Issue.record("expected a failure, got \(pair.serverLast)")
            return
        }
        #expect(failure.duringHandshake)
        #expect(failure.reason == "unexpected eof while reading")
    }

    @Test func ciphertextArrivingOneByteAtATimeStillWorks() throws {
        let fixtures = try Fixtures()
        let pair = try fixtures.pair()
        _ = pair.client.handshake()
        var rounds = 0
        while !(pair.clientEstablished && pair.serverEstablished) && rounds < 100_000 {
            rounds += 1
            for (from, to) in [(pair.client, pair.server), (pair.server, pair.client)] {
                var byte: UInt8 = 0
                let moved = withUnsafeMutableBytes(of: &byte) { from.drainCiphertext(into: $0) }
                if moved == 1 { withUnsafeBytes(of: &byte) { to.receiveCiphertext($0) } }
                pair.drain(to)
            }
        }
        #expect(pair.clientEstablished && pair.serverEstablished)
        try pair.send(Array("split".utf8), fromClient: true)
        #expect(pair.serverReceived == Array("split".utf8))
    }
}
