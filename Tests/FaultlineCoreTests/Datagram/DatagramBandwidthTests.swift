/// Pins datagram bandwidth: send times at the rate, drop-tail counts with and without overhead, the exact long run.
import FaultlineCore
import FaultlineTesting
import Testing

private func bandwidth(_ rate: Int64, queue: Int64, overhead: Int64 = 0) -> DatagramToxicKind {
    .bandwidth(DatagramBandwidthAttributes(rate: rate, queue: queue, overhead: overhead))
}

struct DatagramBandwidthTests {
    @Test func datagramsLeaveWhenTheirLastByteIsSent() {
        // 1 KB/s is one byte per millisecond: 500-byte datagrams take 500 ms each. The first is sent at once; the
        // queue of 1000 bytes holds two behind it; the other seven are dropped.
        var harness = DatagramHarness(bandwidth(1, queue: 1000))
        for tag in 0..<10 { harness.send(tag: tag, size: 500, at: .zero) }
        harness.advance(to: .milliseconds(10_000))
        #expect(harness.outputs.map(\.description) == ["#0@500.0ms", "#1@1000.0ms", "#2@1500.0ms"])
        #expect(harness.link.counters.queueOverflow == 7)
    }

    @Test func overheadCountsOnTheWireAndInTheQueue() {
        // 600 wire bytes each: 600 ms apart, and only one fits in the queue behind the one being sent.
        var harness = DatagramHarness(bandwidth(1, queue: 1000, overhead: 100))
        for tag in 0..<10 { harness.send(tag: tag, size: 500, at: .zero) }
        harness.advance(to: .milliseconds(10_000))
        #expect(harness.outputs.map(\.description) == ["#0@600.0ms", "#1@1200.0ms"])
        #expect(harness.link.counters.queueOverflow == 8)
    }

    @Test func queueFreesAsDatagramsLeave() {
        var harness = DatagramHarness(bandwidth(1, queue: 500))
        harness.send(tag: 0, size: 500, at: .zero)
        harness.send(tag: 1, size: 500, at: .zero)
        harness.send(tag: 2, size: 500, at: .milliseconds(100))  // dropped: 500 wait already
        harness.send(tag: 3, size: 500, at: .milliseconds(500))  // #0 left: #1 is sending, room for one
        harness.advance(to: .milliseconds(5000))
        #expect(harness.outputs.map(\.description) == ["#0@500.0ms", "#1@1000.0ms", "#3@1500.0ms"])
        #expect(harness.link.counters.queueOverflow == 1)
    }

    @Test func longRunKeepsTheExactRate() {
        // 1,000 datagrams of 333 bytes at 7 KB/s: 333,000 bytes take 333,000·10⁶/7 ns = 47,571,428,571 ns; carried
        // remainders keep the last send within a nanosecond of it.
        var harness = DatagramHarness(bandwidth(7, queue: 1 << 30))
        for tag in 0..<1000 { harness.send(tag: tag, size: 333, at: .zero) }
        harness.advance(to: .milliseconds(100_000))
        #expect(harness.outputs.count == 1000)
        #expect(harness.outputs.last?.time == Instant(nanoseconds: 47_571_428_571))
    }

    @Test func emptyQueueTakesOnlyWhatAnIdleLinkCanSend() {
        var harness = DatagramHarness(bandwidth(1000, queue: 0))
        harness.send(tag: 0, size: UDPDatagram.maximumSize, at: .zero)
        harness.send(tag: 1, size: 10, at: .zero)
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.map(\.datagram.count) == [UDPDatagram.maximumSize])
        #expect(harness.outputs.first?.time == Instant(nanoseconds: 65_507_000))
        #expect(harness.link.counters.queueOverflow == 1)
    }

    @Test func rateZeroPassesAndASwitchToZeroReleasesTheHeld() {
        var harness = DatagramHarness(bandwidth(1, queue: 10_000))
        for tag in 0..<3 { harness.send(tag: tag, size: 100, at: .zero) }
        let unlimited = DatagramToxicSpec(kind: bandwidth(0, queue: 0))
        harness.update("bandwidth_downstream", to: unlimited, at: .milliseconds(150))
        harness.send(tag: 3, size: 100, at: .milliseconds(160))
        #expect(harness.outputs.map(\.description) == ["#0@100.0ms", "#1@150.0ms", "#2@150.0ms", "#3@160.0ms"])
    }
}
