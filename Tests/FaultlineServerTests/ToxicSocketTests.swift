/// Each toxic measured on real loopback sockets (reference §10 cases 35–44, adapted to CONTRACT). Generous bounds.
import FaultlineTestSupport
import FaultlineCore
import FaultlineServer
import Glibc
import Testing

@Suite(.serialized) struct ToxicSocketTests {
    let echo: TestUpstream
    init() throws { echo = try TestUpstream.echo() }

    func harness(_ toxics: [ToxicSpec] = []) throws -> ProxyHarness {
        try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(echo.port)", toxics: toxics)])
    }

    @Test func latencyRoundTripAndLiveUpdates() throws {
        let h = try harness()
        let client = try h.connect()
        #expect(try client.roundTrip() < 0.1)
        try h.add(.latency(LatencyAttributes(latency: 200)))
        let slow = try client.roundTrip()
        #expect(slow >= 0.2 && slow < 0.35)
        try h.update("latency_downstream", .latency(LatencyAttributes(latency: 50)))
        let faster = try client.roundTrip()
        #expect(faster >= 0.05 && faster < 0.15)
        try h.add(.latency(LatencyAttributes(latency: 100)), .upstream)
        let both = try client.roundTrip()
        #expect(both >= 0.15 && both < 0.3)
    }

    @Test func latencyIsPipelinedFromReadTime() throws {
        let h = try harness([ToxicSpec(kind: .latency(LatencyAttributes(latency: 300)))])
        let client = try h.connect()
        let start = TestClock.now()
        for i in 0..<5 {
            TestClock.pace(until: start + 0.05 * Double(i))
            try client.send([1, 2, 3, 4])
        }
        var arrivals: [Double] = []
        for _ in 0..<5 {
            _ = try client.receive(exactly: 4)
            arrivals.append(TestClock.now() - start)
        }
        for (i, arrival) in arrivals.enumerated() {
            let expected = 0.3 + 0.05 * Double(i)
            #expect(arrival >= expected && arrival < expected + 0.1, "write \(i) arrived at \(arrival)")
        }
    }

    @Test func bandwidthCapsADownload() throws {
        let payload = Payload.random(count: 200_000, seed: 5)
        let upstream = try TestUpstream { socket in
            try? socket.send(payload)
            socket.shutdownWrite()
        }
        let h = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(upstream.port)", toxics: [
            ToxicSpec(kind: .bandwidth(BandwidthAttributes(rate: 100))),
        ])])
        let start = TestClock.now()
        let got = try h.connect().receiveAll(timeout: 10)
        let elapsed = TestClock.now() - start
        #expect(got == payload)
        #expect(elapsed >= 1.9 && elapsed < 2.6, "took \(elapsed)")
    }

    @Test func limitDataPassesExactlyThenCloses() throws {
        let upstream = try TestUpstream { socket in
            try? socket.send(Payload.random(count: 5000, seed: 1))
            _ = try? socket.receive(max: 1, timeout: 5)
        }
        let h = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(upstream.port)", toxics: [
            ToxicSpec(kind: .limitData(LimitDataAttributes(bytes: 1000))),
        ])])
        let got = try h.connect().receiveAll(timeout: 5)
        #expect(got == Array(Payload.random(count: 5000, seed: 1).prefix(1000)))
    }

    @Test func timeoutClosesAfterIdleAndOnRemoval() throws {
        let h = try harness([ToxicSpec(kind: .timeout(TimeoutAttributes(timeout: 500)))])
        let start = TestClock.now()
        let client = try h.connect()
        #expect(try client.receiveAll(timeout: 5) == [])
        let elapsed = TestClock.now() - start
        #expect(elapsed >= 0.45 && elapsed < 1.5, "closed after \(elapsed)")

        try h.update("timeout_downstream", .timeout(TimeoutAttributes(timeout: 0)))
        let second = try h.connect()
        #expect(!second.waitReadable(timeout: 1.0))  // timeout 0: never closes by itself
        let removedAt = TestClock.now()
        try h.remove("timeout_downstream")
        #expect(try second.receiveAll(timeout: 5) == [])
        #expect(TestClock.now() - removedAt < 0.5)
    }

    @Test func resetPeerResetsPresentAndLive() throws {
        let h = try harness([ToxicSpec(kind: .resetPeer(ResetPeerAttributes(timeout: 0)), stream: .upstream)])
        let first = try h.connect()
        try first.send("x")
        #expect(throws: BlockingSocket.Failure.errno(ECONNRESET)) { _ = try first.receiveAll(timeout: 5) }

        let quiet = try h.connect()
        #expect(!quiet.waitReadable(timeout: 0.5))  // no bytes sent: stays open

        try h.remove("reset_peer_upstream")
        let live = try h.connect()
        #expect(try live.roundTrip() < 1)
        try h.add(.resetPeer(ResetPeerAttributes(timeout: 100)), .upstream)
        let start = TestClock.now()
        try live.send("y")
        #expect(throws: BlockingSocket.Failure.errno(ECONNRESET)) { _ = try live.receiveAll(timeout: 5) }
        #expect(TestClock.now() - start >= 0.09)
    }

    @Test func slowCloseDelaysTheEndNotTheData() throws {
        let upstream = try TestUpstream { socket in
            try? socket.send(Array("0123456789".utf8))
            socket.shutdownWrite()
        }
        let h = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(upstream.port)", toxics: [
            ToxicSpec(kind: .slowClose(SlowCloseAttributes(delay: 500))),
        ])])
        let start = TestClock.now()
        let client = try h.connect()
        #expect(try client.receive(exactly: 10) == Array("0123456789".utf8))
        #expect(TestClock.now() - start < 0.3)
        #expect(try client.receiveAll(timeout: 5) == [])
        let eof = TestClock.now() - start
        #expect(eof >= 0.45 && eof < 1.5, "EOF after \(eof)")
    }

    @Test func toxicityAffectsAboutHalfAndNeverMixes() throws {
        let h = try harness([ToxicSpec(kind: .latency(LatencyAttributes(latency: 100)), toxicity: 0.5)])
        var delayed = 0
        for _ in 0..<40 {
            let client = try h.connect()
            let first = try client.roundTrip()
            let second = try client.roundTrip()
            #expect((first >= 0.1) == (second >= 0.1), "mixed: \(first) then \(second)")
            if first >= 0.1 { delayed += 1 }
        }
        #expect(delayed >= 8 && delayed <= 32, "\(delayed) of 40 delayed")
    }

    @Test func removingALatencyFlushesHeldDataAtOnce() throws {
        let h = try harness([ToxicSpec(kind: .latency(LatencyAttributes(latency: 2000)))])
        let client = try h.connect()
        let start = TestClock.now()
        try client.send("held")
        TestClock.pace(until: start + 0.2)
        try h.remove("latency_downstream")
        #expect(try client.receive(exactly: 4) == Array("held".utf8))
        let arrival = TestClock.now() - start
        #expect(arrival >= 0.19 && arrival < 0.6, "arrived at \(arrival)")
    }

    @Test(arguments: [
        [ToxicKind.latency(LatencyAttributes(latency: 5, jitter: 5))],
        [.bandwidth(BandwidthAttributes(rate: 50_000))],
        [.slicer(SlicerAttributes(averageSize: 1000, sizeVariation: 300, delay: 10))],
        [.slowClose(SlowCloseAttributes(delay: 10))],
        [.noop],
        [.latency(LatencyAttributes(latency: 3, jitter: 2)), .slicer(SlicerAttributes(averageSize: 4096, sizeVariation: 1000, delay: 0)),
         .bandwidth(BandwidthAttributes(rate: 100_000)), .noop],
    ])
    func nonDestructiveToxicsKeepBytesExact(kinds: [ToxicKind]) throws {
        let toxics = kinds.enumerated().flatMap { index, kind in
            Direction.allCases.map { ToxicSpec(name: "t\(index)_\($0)", kind: kind, stream: $0) }
        }
        let h = try harness(toxics)
        let payload = Payload.random(count: 2 << 20, seed: 99)
        let client = try h.connect()
        Thread.detach {
            try? client.send(payload)
            client.shutdownWrite()
        }
        let echoed = try client.receiveAll(timeout: 60)
        #expect(echoed.count == payload.count)
        #expect(SHA256.hash(echoed) == SHA256.hash(payload))
    }
}
