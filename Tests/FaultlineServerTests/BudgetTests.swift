/// Memory budgets under toxics: per direction and process-wide, never exceeded by more than one read.
import FaultlineTestSupport
import FaultlineCore
import FaultlineServer
import Synchronization
import Testing

@Suite(.serialized) struct BudgetTests {
    static let oneRead = 256 << 10


    /// True once the counter has stayed the same (and above 0) for 250 ms: two equal samples a moment apart
    /// also happen while a transfer is merely slow on a loaded machine.
    func stalled(_ read: () -> UInt64) -> Bool {
        var previous = read()
        var since = TestClock.now()
        return TestClock.eventually(timeout: 20) {
            let now = read()
            if now != previous {
                previous = now
                since = TestClock.now()
            }
            return now > 0 && TestClock.now() - since >= 0.25
        }
    }

    @Test func directionBudgetStopsReadingUnderALatencyToxic() throws {
        let total = Mutex<Int>(0)
        let sink = try TestUpstream { socket in
            while let chunk = try? socket.receive(max: 1 << 20, timeout: 60), !chunk.isEmpty {
                total.withLock { $0 += chunk.count }
            }
        }
        let config = ServerConfig(adminHost: nil, directionBudget: 4 << 20)
        let h = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(sink.port)", toxics: [
            ToxicSpec(kind: .latency(LatencyAttributes(latency: 60_000)), stream: .upstream),
        ])], config: config)
        let client = try h.connect()
        let payload = Payload.random(count: 64 << 20, seed: 4)
        Thread.detach { try? client.send(payload); client.shutdownWrite() }
        #expect(stalled { h.server.perform { $0.stats(proxy: "p")?.received.upstream ?? 0 } })
        let highWater = h.server.perform { $0.stats(proxy: "p")?.directionHighWater ?? -1 }
        #expect(highWater >= 4 << 20 - Self.oneRead && highWater <= (4 << 20) + Self.oneRead, "held \(highWater)")
        #expect(total.withLock { $0 } == 0)
        try h.remove("latency_upstream")
        #expect(TestClock.eventually(timeout: 30) { total.withLock { $0 } == payload.count })
        #expect(h.server.perform { $0.stats(proxy: "p")?.directionHighWater ?? -1 } <= (4 << 20) + Self.oneRead)
    }

    @Test func globalBudgetStopsEveryConnection() throws {
        let total = Mutex<Int>(0)
        let sink = try TestUpstream { socket in
            while let chunk = try? socket.receive(max: 1 << 20, timeout: 60), !chunk.isEmpty {
                total.withLock { $0 += chunk.count }
            }
        }
        let config = ServerConfig(adminHost: nil, directionBudget: 16 << 20, globalBudget: 3 << 20)
        let h = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(sink.port)", toxics: [
            ToxicSpec(kind: .latency(LatencyAttributes(latency: 60_000)), stream: .upstream),
        ])], config: config)
        let payload = Payload.random(count: 16 << 20, seed: 8)
        var clients: [BlockingSocket] = []
        for _ in 0..<3 {
            let client = try h.connect()
            clients.append(client)
            Thread.detach { try? client.send(payload); client.shutdownWrite() }
        }
        #expect(stalled { h.server.perform { $0.stats(proxy: "p")?.received.upstream ?? 0 } })
        let peak = h.server.perform { $0.budget.highWater }
        #expect(peak >= (3 << 20) - Self.oneRead && peak <= (3 << 20) + Self.oneRead, "held \(peak)")
        #expect(total.withLock { $0 } == 0)
        // Removing the toxic releases what it held; every parked connection resumes and finishes.
        try h.remove("latency_upstream")
        #expect(TestClock.eventually(timeout: 30) { total.withLock { $0 } == 3 * payload.count })
        #expect(h.server.perform { $0.budget.highWater } <= (3 << 20) + Self.oneRead)
        #expect(h.server.perform { $0.budget.current } == 0)
    }
}
