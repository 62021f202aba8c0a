/// Pins bandwidth: exact ideal-schedule timing, ≤100 ms slices, no drift under late timers, backpressure,
/// and the sane behaviour of rate ≤ 0 (nothing passes, nothing wakes).
import FaultlineCore
import FaultlineTesting
import Testing

private func bandwidth(_ rate: Int64) -> ToxicSpec {
    ToxicSpec(kind: .bandwidth(BandwidthAttributes(rate: rate)))
}

struct BandwidthTests {
    @Test func chunksLeaveWhenTheirLastByteIsDue() {
        // 100 KB/s = 100 bytes per ms.
        let harness = LinkHarness([bandwidth(100)])
        harness.send(bytes: 1000, at: .milliseconds(0))
        harness.send(bytes: 500, at: .milliseconds(0))
        harness.send(.end, at: .milliseconds(1))
        harness.advance(to: .milliseconds(100))
        #expect(harness.outputs.map(\.description) == ["10.0ms 1000B", "15.0ms 500B", "15.0ms end"])
    }

    @Test func twoHundredKilobytesAtOneHundredKBpsTakeTwoSeconds() {
        let harness = LinkHarness([bandwidth(100)])
        for _ in 0..<6 { harness.send(bytes: 32_768, at: .zero) }
        harness.send(bytes: 200_000 - 6 * 32_768, at: .zero)
        harness.advance(to: .milliseconds(5000))
        #expect(harness.emittedBytes.count == 200_000)
        #expect(harness.outputs.last?.time == .milliseconds(2000))
        // Every release is exactly on the ideal schedule: cumulative bytes / rate.
        var total = 0
        for output in harness.outputs {
            if case .emit(.bytes(let bytes)) = output.action { total += bytes.count }
            #expect(output.time.nanoseconds == UInt64(total) * 10_000)
        }
    }

    @Test func largeChunksLeaveInHundredMillisecondSlices() {
        // 10 KB/s: a slice is 1000 bytes.
        let harness = LinkHarness([bandwidth(10)])
        harness.send(bytes: 3500, at: .milliseconds(0))
        harness.advance(to: .milliseconds(1000))
        let expected = ["100.0ms 1000B", "200.0ms 1000B", "300.0ms 1000B", "350.0ms 500B"]
        #expect(harness.outputs.map(\.description) == expected)
        #expect(harness.emittedBytes == (0..<3500).map { UInt8(truncatingIfNeeded: $0) })
    }

    @Test func theScheduleRestartsAfterIdleTime() {
        let harness = LinkHarness([bandwidth(10)])
        harness.send(bytes: 1000, at: .milliseconds(0))
        harness.send(bytes: 1000, at: .milliseconds(500))
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.map(\.time) == [.milliseconds(100), .milliseconds(600)])
    }

    @Test(arguments: [0, -1, -100, Int64.min])
    func nonPositiveRatePassesNothingAndNeverWakes(rate: Int64) {
        let harness = LinkHarness([bandwidth(rate)])
        for step in 0..<10 { harness.send(bytes: 10_000, at: .milliseconds(Int64(step))) }
        harness.send(.end, at: .milliseconds(20))
        harness.advance(to: .milliseconds(100_000))
        #expect(harness.outputs.isEmpty)
        #expect(harness.loop.pendingTimerCount == 0)
        #expect(harness.loop.scheduledCount == 0)
        #expect(harness.driver.heldBytes == 100_000)
        #expect(!harness.driver.wantsInput)
    }

    @Test func hugeRatePassesAtOnce() {
        let harness = LinkHarness([bandwidth(.max)])
        harness.send(bytes: 65_536, at: .milliseconds(3))
        #expect(harness.outputs.map(\.description) == ["3.0ms 65536B"])
    }

    @Test func rateUpdateAppliesToHeldDataFromNow() {
        let harness = LinkHarness([bandwidth(0)])
        harness.send(bytes: 2000, at: .milliseconds(0))
        harness.update("bandwidth_downstream", to: bandwidth(10), at: .milliseconds(1000))
        harness.advance(to: .milliseconds(5000))
        #expect(harness.outputs.map(\.description) == ["1100.0ms 1000B", "1200.0ms 1000B"])
    }

    @Test func anUpdateWithTheSameRateDisturbsNothing() {
        let harness = LinkHarness([bandwidth(10)])
        harness.send(bytes: 2000, at: .milliseconds(0))
        harness.update("bandwidth_downstream", to: bandwidth(10), at: .milliseconds(150))
        harness.advance(to: .milliseconds(5000))
        #expect(harness.outputs.map(\.description) == ["100.0ms 1000B", "200.0ms 1000B"])
    }

    @Test func aPushingSenderIsHeldBackNotBuffered() {
        // A client writing as fast as the toxic accepts into 100 KB/s for 10 s of virtual time.
        var toxic = Bandwidth(BandwidthAttributes(rate: 100))
        var out: [ToxicAction] = []
        var now = Instant.zero
        var maxHeld = 0
        var sent = 0
        var steps = 0
        while now < .milliseconds(10_000), steps < 1_000_000 {
            steps += 1
            while toxic.wantsInput {
                toxic.receive(.bytes([UInt8](repeating: 0, count: 65_536)), now: now, into: &out)
                sent += 65_536
                maxHeld = max(maxHeld, toxic.heldBytes)
            }
            guard let wake = toxic.nextWake else { break }
            now = wake
            toxic.wake(now: now, into: &out)
        }
        #expect(maxHeld <= 2 * 65_536)
        #expect(sent - toxic.heldBytes == out.reduce(0) { $0 + byteCount($1) })
        #expect(now >= .milliseconds(10_000))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func lateTimersCauseNoDrift(seed: UInt64) {
        // 1000 KB/s for 10 MB, every wake 0–5 ms late: the transfer still ends 10 s after it starts.
        var toxic = Bandwidth(BandwidthAttributes(rate: 1000))
        var lateness = SplitMix64(seed: seed)
        var out: [ToxicAction] = []
        var now = Instant.zero
        var fed = 0
        var emitted = 0
        var steps = 0
        let total = 10_000_000
        while emitted < total, steps < 1_000_000 {
            steps += 1
            while toxic.wantsInput, fed < total {
                let size = min(32_768, total - fed)
                toxic.receive(.bytes([UInt8](repeating: 1, count: size)), now: now, into: &out)
                fed += size
            }
            guard let wake = toxic.nextWake else { break }
            now = wake + .microseconds(Int64(lateness.next() % 5000))
            toxic.wake(now: now, into: &out)
            emitted += out.reduce(0) { $0 + byteCount($1) }
            out.removeAll(keepingCapacity: true)
            // Never ahead of the ideal schedule: at 1000 KB/s a byte takes 1 µs.
            #expect(UInt64(emitted) * 1000 <= now.nanoseconds)
        }
        #expect(emitted == total)
        #expect(now >= .milliseconds(10_000) && now <= .milliseconds(10_005))
    }
}

private func byteCount(_ action: ToxicAction) -> Int {
    if case .emit(let event) = action { return event.byteCount }
    return 0
}
