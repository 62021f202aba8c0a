/// Pins the accept-time `nxdomain` decision: toxicity rolls, the negative-cache window, and what a failure says.
import FaultlineCore
import FaultlineTesting
import Testing

private func nxdomain(
    _ name: String, toxicity: Float = 1, delay: Int64 = 0, reset: Bool = false, negativeTTL: Int64 = 0
) -> ToxicSpec {
    ToxicSpec(
        name: name,
        kind: .nxdomain(NXDomainAttributes(delay: delay, reset: reset, negativeTTL: negativeTTL)),
        stream: .upstream,
        toxicity: toxicity
    )
}

/// The generator after `draws` draws from `seed`.
private func advanced(_ seed: UInt64, by draws: Int) -> SplitMix64 {
    var generator = SplitMix64(seed: seed)
    for _ in 0..<draws { _ = generator.next() }
    return generator
}

struct NXDomainGateTests {
    @Test func withoutNXDomainToxicsEveryConnectionPassesAndNothingIsDrawn() {
        var gate = NXDomainGate()
        var rng = SplitMix64(seed: 3)
        let others = [ToxicSpec(kind: .latency(LatencyAttributes(latency: 5))), ToxicSpec(kind: .noop)]
        #expect(gate.decide(toxics: others, now: .zero, rng: &rng) == .pass)
        #expect(gate.decide(toxics: [], now: .zero, rng: &rng) == .pass)
        #expect(rng.state == SplitMix64(seed: 3).state)
    }

    @Test func aHitClosesAfterTheDelayTheWayTheToxicSays() {
        var gate = NXDomainGate()
        var rng = SplitMix64(seed: 1)
        let toxics = [nxdomain("dns", delay: 5000, reset: true)]
        let decision = gate.decide(toxics: toxics, now: .milliseconds(70), rng: &rng)
        #expect(decision == .fail(closeAt: .milliseconds(5070), reset: true, toxicName: "dns"))
        #expect(rng.state == advanced(1, by: 1).state)
        #expect(gate.cachedHit == nil)
    }

    @Test(arguments: [Float(0), -1, .nan])
    func aToxicityOfZeroOrLessNeverHits(toxicity: Float) {
        var gate = NXDomainGate()
        var rng = SplitMix64(seed: 2)
        for step in 0..<100 {
            let decision = gate.decide(
                toxics: [nxdomain("dns", toxicity: toxicity, negativeTTL: 1000)], now: .milliseconds(Int64(step)),
                rng: &rng)
            #expect(decision == .pass)
        }
    }

    @Test(arguments: [0.05, 0.25, 0.5, 0.9] as [Float])
    func toxicityIsTheHitRatePerConnection(toxicity: Float) {
        var gate = NXDomainGate()
        var parent = SplitMix64(seed: 17)
        let count = 4000
        var hits = 0
        for step in 0..<count {
            var rng = parent.derive()
            let toxics = [nxdomain("dns", toxicity: toxicity)]
            if gate.decide(toxics: toxics, now: .milliseconds(Int64(step)), rng: &rng) != .pass { hits += 1 }
        }
        let mean = Double(count) * Double(toxicity)
        let sigma = (mean * (1 - Double(toxicity))).squareRoot()
        #expect(abs(Double(hits) - mean) <= 4.5 * sigma, "\(hits) hits, expected \(mean) ± \(4.5 * sigma)")
    }

    @Test func theNegativeTTLWindowFailsEveryConnectionWithoutRolling() {
        var gate = NXDomainGate()
        var rng = SplitMix64(seed: 4)
        let hit = nxdomain("dns", delay: 10, reset: true, negativeTTL: 500)
        #expect(gate.decide(toxics: [hit], now: .milliseconds(1000), rng: &rng) != .pass)
        #expect(gate.cachedHit == NXDomainGate.CachedHit(toxicName: "dns", at: .milliseconds(1000)))
        // Within the window even a toxicity of 0 fails, the same way, and takes no draws.
        let never = nxdomain("dns", toxicity: 0, delay: 10, reset: true, negativeTTL: 500)
        let before = rng.state
        for time in [1000, 1200, 1499] as [Int64] {
            let decision = gate.decide(toxics: [never], now: .milliseconds(time), rng: &rng)
            #expect(decision == .fail(closeAt: .milliseconds(time + 10), reset: true, toxicName: "dns"))
        }
        #expect(rng.state == before)
        // At hit + negative_ttl the window is over: the toxic rolls again.
        #expect(gate.decide(toxics: [never], now: .milliseconds(1500), rng: &rng) == .pass)
        #expect(gate.cachedHit == nil && rng.state != before)
    }

    @Test func theWindowFollowsTheToxicsCurrentAttributesAndEndsWithIt() {
        var gate = NXDomainGate()
        var rng = SplitMix64(seed: 5)
        _ = gate.decide(toxics: [nxdomain("dns", negativeTTL: 60_000)], now: .zero, rng: &rng)
        let patched = nxdomain("dns", toxicity: 0, delay: 7, reset: true, negativeTTL: 60_000)
        #expect(
            gate.decide(toxics: [patched], now: .milliseconds(5), rng: &rng)
                == .fail(closeAt: .milliseconds(12), reset: true, toxicName: "dns"))
        // A shorter negative_ttl ends the window at once; so does removing the toxic.
        let shorter = nxdomain("dns", toxicity: 0, negativeTTL: 10)
        #expect(gate.decide(toxics: [shorter], now: .milliseconds(20), rng: &rng) == .pass)
        _ = gate.decide(toxics: [nxdomain("dns", negativeTTL: 60_000)], now: .milliseconds(30), rng: &rng)
        #expect(gate.cachedHit != nil)
        let other = nxdomain("other", toxicity: 0)
        #expect(gate.decide(toxics: [other], now: .milliseconds(40), rng: &rng) == .pass)
        #expect(gate.cachedHit == nil)
    }

    @Test func theFirstHitDecidesAndEveryToxicTakesOneDraw() {
        var gate = NXDomainGate()
        var rng = SplitMix64(seed: 6)
        let toxics = [
            nxdomain("a", toxicity: 0), ToxicSpec(kind: .latency(LatencyAttributes())), nxdomain("b", delay: 1),
            nxdomain("c", delay: 2, negativeTTL: 100),
        ]
        let decision = gate.decide(toxics: toxics, now: .zero, rng: &rng)
        #expect(decision == .fail(closeAt: .milliseconds(1), reset: false, toxicName: "b"))
        #expect(rng.state == advanced(6, by: 3).state)
        // Only the deciding toxic's negative_ttl opens a window ("b" has none).
        #expect(gate.cachedHit == nil)
    }

    @Test func aSeededToxicRollsReproducibly() {
        func decisions(seed: UInt64) -> [NXDomainGate.Decision] {
            var gate = NXDomainGate()
            var parent = SplitMix64(seed: seed)
            var spec = nxdomain("dns", toxicity: 0.5)
            spec.seed = 99
            return (0..<64).map { step in
                var rng = parent.derive()
                return gate.decide(toxics: [spec], now: .milliseconds(Int64(step)), rng: &rng)
            }
        }
        #expect(decisions(seed: 1) == decisions(seed: 1))
        #expect(decisions(seed: 1) != decisions(seed: 2))
    }

    @Test func inALinkTheToxicNeverTouchesBytes() {
        let harness = LinkHarness([nxdomain("dns", delay: 100, reset: true)])
        harness.send(bytes: 10, at: .zero)
        harness.send(.end, at: .milliseconds(1))
        #expect(harness.outputs.map(\.description) == ["0.0ms 10B", "1.0ms end"])
        #expect(!ToxicKind.nxdomain(NXDomainAttributes()).actsOnStream)
        #expect(ToxicKind.loss(LossAttributes()).actsOnStream && ToxicKind.noop.actsOnStream)
    }
}
