/// Pins `packet_loss` to upstream's rule: whole chunks dropped, additive correlation, silent clamping.
import FaultlineCore
import FaultlineTesting
import Testing

private func packetLoss(_ rate: Double, correlation: Double = 0, seed: UInt64 = 1) -> PacketLoss {
    PacketLoss(PacketLossAttributes(lossRate: rate, correlation: correlation), seed: seed)
}

/// Sends `count` one-byte chunks and returns, per chunk, whether it was dropped.
private func drops(_ toxic: inout PacketLoss, count: Int) -> [Bool] {
    (0..<count).map { _ in
        var out: [ToxicAction] = []
        toxic.receive(.bytes([7]), now: .zero, into: &out)
        return out.isEmpty
    }
}

struct PacketLossTests {
    @Test(arguments: [0.05, 0.2, 0.5])
    func theDropFractionIsBinomial(rate: Double) {
        var toxic = packetLoss(rate, seed: 4)
        let count = 10_000
        let dropped = Double(drops(&toxic, count: count).filter { $0 }.count)
        let mean = Double(count) * rate
        let sigma = (mean * (1 - rate)).squareRoot()
        #expect(abs(dropped - mean) <= 4.5 * sigma, "\(dropped) dropped, expected \(mean) ± \(4.5 * sigma)")
    }

    @Test func correlationAddsToTheRateAfterADrop() {
        var toxic = packetLoss(0.1, correlation: 0.5, seed: 8)
        let dropped = drops(&toxic, count: 40_000)
        var afterDrop = (drops: 0.0, total: 0.0)
        var afterPass = (drops: 0.0, total: 0.0)
        for (previous, current) in zip(dropped, dropped.dropFirst()) {
            if previous {
                afterDrop.total += 1
                if current { afterDrop.drops += 1 }
            } else {
                afterPass.total += 1
                if current { afterPass.drops += 1 }
            }
        }
        // P(drop | dropped) = 0.6 and P(drop | passed) = 0.1; stationary 0.1 / (1 − 0.6 + 0.1) = 0.2.
        #expect(abs(afterDrop.drops / afterDrop.total - 0.6) < 0.03)
        #expect(abs(afterPass.drops / afterPass.total - 0.1) < 0.015)
        #expect(abs(Double(dropped.filter { $0 }.count) / 40_000 - 0.2) < 0.02)
    }

    @Test(arguments: [(0.3, 0.0), (0.3, 0.4), (0.05, 0.9), (0.7, 0.6)] as [(Double, Double)])
    func eachChunkTakesOneDrawAgainstTheUpstreamRule(rate: Double, correlation: Double) {
        var toxic = packetLoss(rate, correlation: correlation, seed: 12)
        var generator = SplitMix64(seed: 12)
        var previous = false
        for dropped in drops(&toxic, count: 2000) {
            let probability = previous ? min(1, rate + correlation) : rate
            previous = generator.nextUnitDouble() < probability
            #expect(dropped == previous)
        }
    }

    @Test(arguments: [(2.0, 0.0, 0), (-1.0, 5.0, 1000), (0.0, 1.0, 1000), (1.0, -3.0, 0)] as [(Double, Double, Int)])
    func valuesOutOfRangeAreClampedAsUpstreamDoes(rate: Double, correlation: Double, passed: Int) {
        var toxic = packetLoss(rate, correlation: correlation)
        #expect(drops(&toxic, count: 1000).filter { !$0 }.count == passed)
    }

    @Test func aCorrelationOfOneDropsEverythingAfterTheFirstDrop() {
        var toxic = packetLoss(0.1, correlation: 1, seed: 2)
        let dropped = drops(&toxic, count: 500)
        guard let first = dropped.firstIndex(of: true) else {
            Issue.record("no chunk dropped at 10% over 500 chunks")
            return
        }
        #expect(dropped[first...].allSatisfy { $0 })
    }

    @Test func theEndAlwaysPassesAndNothingIsHeld() {
        let harness = LinkHarness([ToxicSpec(name: "p", kind: .packetLoss(PacketLossAttributes(lossRate: 1)))])
        harness.send(bytes: 100, at: .zero)
        harness.send(.end, at: .milliseconds(1))
        #expect(harness.outputs == [.init(ms: 1, .emit(.end))])
        #expect(harness.driver.heldBytes == 0 && harness.loop.pendingTimerCount == 0)
    }

    @Test func theDefaultsDropNothing() {
        var toxic = PacketLoss(PacketLossAttributes(), seed: 5)
        #expect(drops(&toxic, count: 1000).allSatisfy { !$0 })
    }

    @Test func anUpdateKeepsWhetherThePreviousChunkWasDropped() {
        var toxic = packetLoss(1)
        _ = drops(&toxic, count: 1)
        var out: [ToxicAction] = []
        let burstOnly = ToxicKind.packetLoss(PacketLossAttributes(lossRate: 0, correlation: 1))
        #expect(toxic.update(to: burstOnly, now: .zero, into: &out))
        #expect(toxic.dropProbability == 1)
        #expect(!toxic.update(to: .loss(LossAttributes()), now: .zero, into: &out))
        #expect(out.isEmpty)
    }
}
