/// Pins the datagram driver: one timer at the link's next wake, batches delivered whole, re-entrancy and stop.
import FaultlineCore
import FaultlineTesting
import Testing

private let latency = DatagramToxicSpec(kind: .latency(DatagramLatencyAttributes(latency: 100)))

/// Collects the batches a driver delivers, with the loop time.
private final class Sink {
    var batches: [(Instant, [Int])] = []
}

private func datagram(_ tag: Int) -> UDPDatagram { DatagramHarness.datagram(tag: tag) }

struct DatagramLinkDriverTests {
    @Test func aReceivedBatchLeavesAsOneBatchAtItsTime() {
        let loop = TestLoop()
        let sink = Sink()
        let driver = DatagramLinkDriver(scheduler: loop) { batch in
            sink.batches.append((loop.now, batch.map(DatagramHarness.tag)))
        }
        var rng = SplitMix64(seed: 1)
        driver.append(latency, rng: &rng)
        loop.advance(to: .milliseconds(5))
        driver.receive([datagram(1), datagram(2), datagram(3)])
        #expect(driver.armedDeadline == .milliseconds(105))
        #expect(loop.pendingTimerCount == 1)
        loop.advance(to: .milliseconds(500))
        #expect(sink.batches.map(\.0) == [.milliseconds(105)])
        #expect(sink.batches.map(\.1) == [[1, 2, 3]])
        #expect(driver.armedDeadline == nil)
    }

    @Test func timerIsRearmedOnlyWhenTheNextWakeMoves() {
        let loop = TestLoop()
        let driver = DatagramLinkDriver(scheduler: loop) { _ in }
        var rng = SplitMix64(seed: 1)
        driver.append(latency, rng: &rng)
        for step in 0..<50 {
            loop.advance(to: .milliseconds(Int64(step)))
            driver.receive(datagram(step))
        }
        #expect(loop.scheduledCount == 1)
        loop.advance(to: .milliseconds(1000))
        #expect(driver.heldBytes == 0)
    }

    @Test func reentrantFeedIsDeliveredAsTheNextBatch() {
        let loop = TestLoop()
        let sink = Sink()
        var driver: DatagramLinkDriver?
        driver = DatagramLinkDriver(scheduler: loop) { batch in
            sink.batches.append((loop.now, batch.map(DatagramHarness.tag)))
            if batch.contains(where: { DatagramHarness.tag(of: $0) == 1 }) { driver?.receive(datagram(2)) }
        }
        driver?.receive(datagram(1))
        #expect(sink.batches.map(\.1) == [[1], [2]])
        driver = nil  // the sink captures the variable: break the cycle (LeakSanitizer)
    }

    @Test func stopCancelsTheTimerAndIgnoresInput() {
        let loop = TestLoop()
        let sink = Sink()
        let driver = DatagramLinkDriver(scheduler: loop) { batch in sink.batches.append((loop.now, [batch.count])) }
        var rng = SplitMix64(seed: 1)
        driver.append(latency, rng: &rng)
        driver.receive(datagram(1))
        driver.stop()
        driver.receive(datagram(2))
        loop.advance(to: .milliseconds(1000))
        #expect(sink.batches.isEmpty)
        #expect(loop.pendingTimerCount == 0)
    }
}
