/// Pins latency's timing: pipelined from arrival, ordered, stacked, jitter uniform and seeded, edge values.
import FaultlineCore
import FaultlineTesting
import Testing

private func latency(_ ms: Int64, jitter: Int64 = 0, name: String? = nil, seed: UInt64? = nil) -> ToxicSpec {
    ToxicSpec(name: name, kind: .latency(LatencyAttributes(latency: ms, jitter: jitter)), seed: seed)
}

private func milliseconds(_ from: Instant, _ to: Instant) -> Int64 {
    Int64(to.nanoseconds - from.nanoseconds) / 1_000_000
}

struct LatencyTests {
    @Test func chunksArePipelinedFromTheirArrival() {
        let harness = LinkHarness([latency(300)])
        for step in 0..<5 { harness.send(bytes: 10, at: .milliseconds(Int64(step) * 50)) }
        harness.advance(to: .milliseconds(2000))
        #expect(harness.outputs.map(\.time) == [300, 350, 400, 450, 500].map { Instant.milliseconds($0) })
    }

    @Test func endIsDelayedBehindTheData() {
        let harness = LinkHarness([latency(100)])
        harness.send(.bytes([1, 2, 3]), at: .milliseconds(0))
        harness.send(.end, at: .milliseconds(10))
        harness.advance(to: .milliseconds(500))
        #expect(harness.outputs == [.init(ms: 100, .emit(.bytes([1, 2, 3]))), .init(ms: 110, .emit(.end))])
    }

    @Test func stackedLatenciesAdd() {
        let harness = LinkHarness([latency(100, name: "a"), latency(50, name: "b"), latency(30, name: "c")])
        harness.send(bytes: 1, at: .milliseconds(5))
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.map(\.time) == [.milliseconds(185)])
    }

    @Test(arguments: [Int64.min, -100, -1, 0])
    func nonPositiveLatencyPassesInTheSameCall(ms: Int64) {
        let harness = LinkHarness([latency(ms)])
        harness.send(bytes: 4, at: .milliseconds(7))
        #expect(harness.outputs == [.init(ms: 7, .emit(.bytes([0, 1, 2, 3])))])
        #expect(harness.loop.pendingTimerCount == 0)
    }

    @Test func negativeJitteredDelayMeansNoDelay() {
        // latency 0 with jitter 50: half the draws are negative and must not hold the chunk at all.
        var toxic = Latency(LatencyAttributes(latency: 0, jitter: 50), seed: 3)
        var out: [ToxicAction] = []
        var immediate = 0
        for step in 0..<200 {
            let now = Instant.milliseconds(Int64(step) * 1000)
            toxic.receive(.bytes([1]), now: now, into: &out)
            if let wake = toxic.nextWake {
                #expect(milliseconds(now, wake) < 50)
                toxic.wake(now: wake, into: &out)
            } else {
                immediate += 1
            }
        }
        #expect(out.count == 200)
        #expect(immediate > 70 && immediate < 130)  // P(U ≤ 0) = 51/100
    }

    @Test func jitterNeverReordersChunks() {
        let harness = LinkHarness([latency(100, jitter: 90)], seed: 5)
        for step in 0..<300 { harness.send(.bytes([UInt8(step % 256)]), at: .milliseconds(Int64(step))) }
        harness.advance(to: .milliseconds(2000))
        let times = harness.outputs.map(\.time)
        #expect(times.count == 300)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(harness.emittedBytes == (0..<300).map { UInt8($0 % 256) })
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func jitterIsUniformOverItsIntegerRange(seed: UInt64) {
        // latency 1000 ± 10: U takes the 20 values -10…9; chunks far apart so the order floor never applies.
        var toxic = Latency(LatencyAttributes(latency: 1000, jitter: 10), seed: seed)
        var out: [ToxicAction] = []
        var counts = [Int](repeating: 0, count: 20)
        let draws = 20_000
        for step in 0..<draws {
            let now = Instant.milliseconds(Int64(step) * 10_000)
            toxic.receive(.bytes([1]), now: now, into: &out)
            guard let wake = toxic.nextWake else {
                Issue.record("a 990 ms or longer delay must hold the chunk")
                return
            }
            let bin = Int(milliseconds(now, wake) - 990)
            #expect((0..<20).contains(bin))
            if (0..<20).contains(bin) { counts[bin] += 1 }
            toxic.wake(now: wake, into: &out)
        }
        let expected = Double(draws) / 20
        let chiSquare = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chiSquare < 43.82, "χ² \(chiSquare) over 19 degrees of freedom (p = 0.001 bound); \(counts)")
        #expect(counts.allSatisfy { $0 > 0 })
    }

    @Test(arguments: [0, -1, Int64.min])
    func jitterIsIgnoredWhenNotPositive(jitter: Int64) {
        let harness = LinkHarness([latency(40, jitter: jitter)])
        for step in 0..<10 { harness.send(bytes: 1, at: .milliseconds(Int64(step) * 100)) }
        harness.advance(to: .milliseconds(2000))
        #expect(harness.outputs.map(\.time) == (0..<10).map { Instant.milliseconds(Int64($0) * 100 + 40) })
    }

    @Test func sameSeedGivesTheSameJitter() {
        func releases(seed: UInt64) -> [Instant] {
            let harness = LinkHarness([latency(100, jitter: 50, seed: seed)], seed: 99)
            for step in 0..<50 { harness.send(bytes: 1, at: .milliseconds(Int64(step) * 200)) }
            harness.advance(to: .milliseconds(20_000))
            return harness.outputs.map(\.time)
        }
        #expect(releases(seed: 42) == releases(seed: 42))
        #expect(releases(seed: 42) != releases(seed: 43))
    }

    @Test func updateRetimesHeldChunksFromTheirArrival() {
        let harness = LinkHarness([latency(1000)])
        harness.send(bytes: 1, at: .milliseconds(0))
        harness.send(bytes: 2, at: .milliseconds(100))
        harness.update("latency_downstream", to: latency(200), at: .milliseconds(150))
        harness.advance(to: .milliseconds(3000))
        #expect(harness.outputs.map(\.time) == [.milliseconds(200), .milliseconds(300)])
    }

    @Test func updateToAShorterLatencyReleasesWhatIsDueAtOnce() {
        let harness = LinkHarness([latency(1000)])
        harness.send(bytes: 1, at: .milliseconds(0))
        harness.send(bytes: 2, at: .milliseconds(400))
        harness.update("latency_downstream", to: latency(100), at: .milliseconds(450))
        #expect(harness.outputs.map(\.time) == [.milliseconds(450)])
        harness.advance(to: .milliseconds(3000))
        #expect(harness.outputs.map(\.time) == [.milliseconds(450), .milliseconds(500)])
        #expect(harness.emittedChunkSizes == [1, 2])
    }

    @Test func anUpdateWithTheSameSettingsKeepsTheDrawnDelays() {
        func releases(updating: Bool) -> [Instant] {
            let harness = LinkHarness([latency(500, jitter: 400)], seed: 3)
            for step in 0..<20 { harness.send(bytes: 1, at: .milliseconds(Int64(step) * 10)) }
            if updating { harness.update("latency_downstream", to: latency(500, jitter: 400), at: .milliseconds(250)) }
            harness.advance(to: .milliseconds(5000))
            return harness.outputs.map(\.time)
        }
        #expect(releases(updating: true) == releases(updating: false))
    }

    @Test func heldBytesCountsWhatWaits() {
        let harness = LinkHarness([latency(100)])
        harness.send(bytes: 10, at: .milliseconds(0))
        harness.send(bytes: 5, at: .milliseconds(50))
        #expect(harness.driver.heldBytes == 15)
        harness.advance(to: .milliseconds(100))
        #expect(harness.driver.heldBytes == 5)
        harness.advance(to: .milliseconds(150))
        #expect(harness.driver.heldBytes == 0)
    }

    static let extremes: [Int64] = [.min, .min + 1, -1, 0, 1, 1000, .max - 1, .max]

    @Test(arguments: extremes, extremes)
    func extremeAttributesNeverTrap(latency: Int64, jitter: Int64) {
        var toxic = Latency(LatencyAttributes(latency: latency, jitter: jitter), seed: 1)
        var out: [ToxicAction] = []
        toxic.receive(.bytes([1, 2]), now: .milliseconds(5), into: &out)
        toxic.receive(.end, now: .milliseconds(6), into: &out)
        if let wake = toxic.nextWake { toxic.wake(now: wake, into: &out) }
        _ = toxic.update(to: .latency(LatencyAttributes(latency: jitter, jitter: latency)), now: .zero, into: &out)
        toxic.flush(now: .milliseconds(7), into: &out)
        #expect(out == [.emit(.bytes([1, 2])), .emit(.end)])
        #expect(toxic.heldBytes == 0)
    }
}
