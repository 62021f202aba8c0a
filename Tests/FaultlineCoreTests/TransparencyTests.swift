/// Which toxics let a chunk skip them (`canPass`), and that the ones that count bytes still count those that did.
import FaultlineCore
import Testing

struct TransparencyTests {
    let zero = Instant.zero

    @Test func noopPassthroughAndLatencyZeroPassEverything() {
        #expect(Noop().canPass(1 << 20, now: zero))
        #expect(Passthrough().canPass(1 << 20, now: zero))
        #expect(Latency(LatencyAttributes(latency: 0, jitter: 0), seed: 1).canPass(1 << 20, now: zero))
        #expect(!Latency(LatencyAttributes(latency: 1), seed: 1).canPass(1, now: zero))
        #expect(!Latency(LatencyAttributes(latency: 0, jitter: 5), seed: 1).canPass(1, now: zero))  // a draw
    }

    @Test func latencyZeroHoldingAnEndStillPassesAndAHeldChunkDoesNot() {
        var latency = Latency(LatencyAttributes(latency: 0), seed: 1)
        var out: [ToxicAction] = []
        latency.receive(.bytes([1, 2]), now: zero, into: &out)
        #expect(out == [.emit(.bytes([1, 2]))])
        #expect(latency.canPass(10, now: zero))
        _ = latency.update(to: .latency(LatencyAttributes(latency: 50)), now: zero, into: &out)
        latency.receive(.bytes([3]), now: zero, into: &out)
        #expect(!latency.canPass(10, now: zero))
    }

    @Test func slowCloseHoldsOnlyTheEnd() {
        var slow = SlowClose(SlowCloseAttributes(delay: 100))
        #expect(slow.canPass(4096, now: zero))
        var out: [ToxicAction] = []
        slow.receive(.end, now: zero, into: &out)
        #expect(!slow.canPass(1, now: zero))
    }

    @Test func limitDataPassesChunksBelowItsLimitAndCountsThem() {
        var limit = LimitData(LimitDataAttributes(bytes: 100))
        #expect(limit.canPass(60, now: zero))
        limit.pass(60, now: zero)
        #expect(limit.passed == 60)
        #expect(!limit.canPass(40, now: zero))  // reaches the limit: that chunk is cut and closes
        #expect(limit.canPass(39, now: zero))
    }

    @Test func bandwidthPassesWithinOneMillisecondOfItsScheduleAndTheNextBytesPayForIt() {
        // 1000 KB/s: 1000 bytes a millisecond.
        var bandwidth = Bandwidth(BandwidthAttributes(rate: 1000))
        #expect(bandwidth.canPass(1000, now: zero))
        #expect(!bandwidth.canPass(1001, now: zero))
        bandwidth.pass(600, now: zero)  // the schedule is 0.6 ms ahead
        #expect(bandwidth.canPass(400, now: zero))
        #expect(!bandwidth.canPass(401, now: zero))
        bandwidth.pass(400, now: zero)
        // A queued chunk now waits for the bytes that passed: 500 more leave at 1.5 ms, not 0.5 ms.
        var out: [ToxicAction] = []
        bandwidth.receive(.bytes([UInt8](repeating: 0, count: 500)), now: zero, into: &out)
        #expect(out.isEmpty)
        #expect(bandwidth.nextWake == zero + .microseconds(1500))
        #expect(!Bandwidth(BandwidthAttributes(rate: 0)).canPass(1, now: zero))
    }

    @Test func aBandwidthThatFellBehindStartsAgainFromNow() {
        var bandwidth = Bandwidth(BandwidthAttributes(rate: 1000))
        bandwidth.pass(1000, now: zero)
        let later = zero + .milliseconds(50)  // idle: unused bandwidth is not banked
        #expect(bandwidth.canPass(1000, now: later))
        #expect(!bandwidth.canPass(1001, now: later))
    }

    @Test func aLinkPassesOnlyWhenEveryStageCanAndCountsThePassInEachStage() {
        var rng = SplitMix64(seed: 1)
        var link = Link()
        var out: [ToxicAction] = []
        link.append(ToxicSpec(name: "a", kind: .noop), now: zero, rng: &rng, into: &out)
        link.append(ToxicSpec(name: "b", kind: .latency(LatencyAttributes())), now: zero, rng: &rng, into: &out)
        #expect(link.canPass(4096, now: zero))
        link.pass(4096, now: zero)
        #expect(link.entries.map(\.activity.bytesIn) == [4096, 4096])
        #expect(link.entries.map(\.activity.bytesOut) == [4096, 4096])
        link.append(ToxicSpec(name: "c", kind: .timeout(TimeoutAttributes(timeout: 100))), now: zero, rng: &rng, into: &out)
        #expect(!link.canPass(1, now: zero))
    }
}
