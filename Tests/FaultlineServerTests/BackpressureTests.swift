/// Backpressure: a slow reader makes the proxy stop reading, so its memory per connection stays bounded.
import FaultlineCore
import FaultlineServer
import Testing

@Suite(.serialized) struct BackpressureTests {
    @Test func slowReaderKeepsProxyBufferingBounded() throws {
        let total = 256 << 20
        let chunk = Payload.random(count: 1 << 20, seed: 11)
        let upstream = try TestUpstream { socket in
            for _ in 0..<(total / chunk.count) { if (try? socket.send(chunk)) == nil { return } }
            socket.shutdownWrite()
        }
        let config = ServerConfig(adminHost: nil)
        let harness = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(upstream.port)")], config: config)
        let client = try harness.connect()
        client.setReceiveBuffer(64 << 10)

        // Do not read: wait until the upstream is pushing into a full pipe (the proxy's read count stalls).
        func received() -> UInt64 { harness.server.perform { $0.stats(proxy: "p")?.received.downstream ?? 0 } }
        #expect(TestClock.eventually(timeout: 10) { received() >= 1 << 20 })
        var previous = received()
        #expect(TestClock.eventually(timeout: 20) {
            let now = received()
            defer { previous = now }
            return now == previous && now > 0
        })
        let stalled = received()
        #expect(stalled < 64 << 20, "the proxy kept reading from the upstream: \(stalled) bytes")
        let bound = config.passthroughWindow + 256 << 10  // the window plus at most one read
        let highWater = harness.server.perform { $0.stats(proxy: "p")?.directionHighWater ?? -1 }
        #expect(highWater <= bound)

        // Now drain everything: all 256 MiB arrive intact.
        var hasher = SHA256()
        var count = 0
        while count < total {
            let bytes = try client.receive(max: 1 << 20, timeout: 30)
            if bytes.isEmpty { break }
            hasher.update(bytes)
            count += bytes.count
        }
        #expect(count == total)
        var expected = SHA256()
        for _ in 0..<(total / chunk.count) { expected.update(chunk) }
        #expect(hasher.finalize() == expected.finalize())
        #expect(harness.server.perform { $0.stats(proxy: "p")?.directionHighWater ?? -1 } <= bound)
        #expect(harness.server.perform { $0.budget.highWater } <= bound)
    }
}
