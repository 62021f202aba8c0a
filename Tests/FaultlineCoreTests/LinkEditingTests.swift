/// Pins live editing: removal never drops bytes (timeout closes instead), updates keep state, and toxicity is
/// rolled once per toxic and re-rolled only when that toxic's own toxicity changes.
import FaultlineCore
import FaultlineTesting
import Testing

private func spec(_ kind: ToxicKind, name: String? = nil, toxicity: Float = 1, seed: UInt64? = nil) -> ToxicSpec {
    ToxicSpec(name: name, kind: kind, toxicity: toxicity, seed: seed)
}

private func latency(_ ms: Int64, jitter: Int64 = 0) -> ToxicKind {
    .latency(LatencyAttributes(latency: ms, jitter: jitter))
}

struct LinkEditingTests {
    static let holdingKinds: [ToxicKind] = [
        latency(1000), latency(1000, jitter: 500), .bandwidth(BandwidthAttributes(rate: 0)),
        .bandwidth(BandwidthAttributes(rate: 1)), .bandwidth(BandwidthAttributes(rate: -7)),
        .slicer(SlicerAttributes(averageSize: 3, sizeVariation: 1, delay: 1_000_000)),
        .slowClose(SlowCloseAttributes(delay: 10_000)), .limitData(LimitDataAttributes(bytes: 1 << 40)), .noop,
        .loss(LossAttributes(probability: 1)), .loss(LossAttributes(probability: 0.5, burst: 3, segmentSize: 100)),
        .packetLoss(PacketLossAttributes()), .nxdomain(NXDomainAttributes(delay: 10, reset: true)),
    ]

    @Test(arguments: holdingKinds)
    func removalHandsOverEverythingHeld(kind: ToxicKind) {
        let harness = LinkHarness([spec(kind, name: "held")])
        harness.send(bytes: 3000, at: .milliseconds(0))
        harness.send(bytes: 500, at: .milliseconds(10))
        harness.send(.end, at: .milliseconds(20))
        #expect(harness.remove("held", at: .milliseconds(50)))
        harness.advance(to: .milliseconds(60))
        let expected = ((0..<3000).map { $0 } + (0..<500).map { $0 }).map { UInt8(truncatingIfNeeded: $0) }
        #expect(harness.emittedBytes == expected)
        #expect(harness.outputs.last?.action == .emit(.end))
        #expect(harness.driver.link.isEmpty && harness.loop.pendingTimerCount == 0)
    }

    @Test func removalPassesHeldBytesThroughTheRestOfTheChain() {
        let harness = LinkHarness([spec(latency(1000), name: "a"), spec(latency(100), name: "b")])
        harness.send(bytes: 4, at: .milliseconds(0))
        harness.remove("a", at: .milliseconds(50))
        #expect(harness.outputs.isEmpty)
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.map(\.time) == [.milliseconds(150)])
        harness.send(bytes: 1, at: .milliseconds(1000))
        harness.advance(to: .milliseconds(2000))
        #expect(harness.outputs.map(\.time) == [.milliseconds(150), .milliseconds(1100)])
    }

    @Test func removingATimeoutClosesUnlessItWasRolledOut() {
        let applied = LinkHarness([spec(.timeout(TimeoutAttributes(timeout: 0)), name: "t")])
        applied.remove("t", at: .milliseconds(5))
        #expect(applied.outputs == [.init(ms: 5, .close)])
        let rolledOut = LinkHarness([spec(.timeout(TimeoutAttributes(timeout: 0)), name: "t", toxicity: 0)])
        rolledOut.send(bytes: 2, at: .milliseconds(1))
        rolledOut.remove("t", at: .milliseconds(5))
        #expect(rolledOut.outputs == [.init(ms: 1, .emit(.bytes([0, 1])))])
    }

    @Test func updateKeepsLimitDataCountBesideANeighbour() {
        let limit = spec(.limitData(LimitDataAttributes(bytes: 100)), name: "limit")
        let harness = LinkHarness([spec(.noop, name: "n"), limit])
        harness.send(bytes: 60, at: .milliseconds(1))
        harness.update("n", to: spec(.noop, name: "n", toxicity: 0.5), at: .milliseconds(2))
        let lowered = spec(.limitData(LimitDataAttributes(bytes: 80)), name: "limit")
        harness.update("limit", to: lowered, at: .milliseconds(3))
        harness.send(bytes: 60, at: .milliseconds(4))
        #expect(harness.emittedChunkSizes == [60, 20])
        #expect(harness.outputs.last?.action == .close)
    }

    @Test func unknownNamesAreReported() {
        let harness = LinkHarness([spec(.noop, name: "n")])
        #expect(harness.update("x", to: spec(.noop, name: "x"), at: .zero) == nil)
        #expect(!harness.remove("x", at: .zero))
        #expect(harness.driver.link.names == ["n"])
    }

    @Test(arguments: [1, 1.5, 1e9, Float.infinity] as [Float])
    func toxicityOfOneOrMoreAlwaysApplies(toxicity: Float) {
        for seed in 0..<200 as Range<UInt64> {
            var rng = SplitMix64(seed: seed)
            var link = Link()
            var out: [ToxicAction] = []
            #expect(link.append(spec(.noop, toxicity: toxicity), now: .zero, rng: &rng, into: &out))
        }
    }

    @Test(arguments: [0, -0.5, -Float.infinity, Float.nan, -Float.nan] as [Float])
    func toxicityOfZeroOrLessOrNaNNeverApplies(toxicity: Float) {
        for seed in 0..<200 as Range<UInt64> {
            var rng = SplitMix64(seed: seed)
            var link = Link()
            var out: [ToxicAction] = []
            #expect(!link.append(spec(.noop, toxicity: toxicity), now: .zero, rng: &rng, into: &out))
        }
    }

    @Test func halfToxicityAppliesToAboutHalfTheLinks() {
        var rng = SplitMix64(seed: 77)
        var applied = 0
        for _ in 0..<2000 {
            var link = Link()
            var out: [ToxicAction] = []
            if link.append(spec(.noop, toxicity: 0.5), now: .zero, rng: &rng, into: &out) { applied += 1 }
        }
        #expect((900...1100).contains(applied), "\(applied) of 2000")
    }

    @Test func theSameGeneratorGivesTheSameRolls() {
        func rolls(_ seed: UInt64) -> [Bool] {
            var rng = SplitMix64(seed: seed)
            var link = Link()
            var out: [ToxicAction] = []
            return (0..<64).map {
                link.append(spec(.noop, name: "t\($0)", toxicity: 0.5), now: .zero, rng: &rng, into: &out)
            }
        }
        #expect(rolls(9) == rolls(9))
        #expect(rolls(9) != rolls(10))
    }

    @Test func rollsAreRedrawnOnlyWhenTheToxicsOwnToxicityChanges() {
        var flips = 0
        for seed in 0..<300 as Range<UInt64> {
            let harness = LinkHarness(
                [spec(latency(10), name: "a", toxicity: 0.5), spec(.noop, name: "b")],
                seed: seed
            )
            let first = harness.driver.link.entries[0].applied
            for step in 1...5 as ClosedRange<Int64> {
                // Own attributes change, same toxicity: the roll stands.
                harness.update("a", to: spec(latency(step), name: "a", toxicity: 0.5), at: .zero)
                // A neighbour's toxicity changes: the roll stands.
                harness.update("b", to: spec(.noop, name: "b", toxicity: Float(step) / 10), at: .zero)
                #expect(harness.driver.link.entries[0].applied == first)
            }
            let after = harness.update("a", to: spec(latency(10), name: "a", toxicity: 0.50001), at: .zero)
            if after != first { flips += 1 }
        }
        #expect((100...200).contains(flips), "a fresh 50 % roll flips about half the time: \(flips) of 300")
    }

    @Test func rollingOutFlushesHeldBytesDownstream() {
        let harness = LinkHarness([spec(latency(1000), name: "a"), spec(latency(100), name: "b")])
        harness.send(bytes: 3, at: .milliseconds(0))
        #expect(harness.update("a", to: spec(latency(1000), name: "a", toxicity: 0), at: .milliseconds(50)) == false)
        harness.send(bytes: 2, at: .milliseconds(60))
        harness.advance(to: .milliseconds(2000))
        #expect(harness.outputs.map(\.time) == [.milliseconds(150), .milliseconds(160)])
        #expect(harness.emittedChunkSizes == [3, 2])
    }

    @Test func rollingInInstallsAFreshToxic() {
        let harness = LinkHarness([spec(latency(1000), name: "a", toxicity: 0)])
        harness.send(bytes: 1, at: .milliseconds(0))
        #expect(harness.update("a", to: spec(latency(200), name: "a", toxicity: 1), at: .milliseconds(10)) == true)
        harness.send(bytes: 1, at: .milliseconds(20))
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.map(\.time) == [.milliseconds(0), .milliseconds(220)])
    }

    @Test func anUpdateToAnotherTypeFlushesAndReplaces() {
        let harness = LinkHarness([spec(latency(1000), name: "x")])
        harness.send(bytes: 3, at: .milliseconds(0))
        harness.update("x", to: spec(.limitData(LimitDataAttributes(bytes: 0)), name: "x"), at: .milliseconds(10))
        #expect(harness.outputs == [.init(ms: 10, .emit(.bytes([0, 1, 2])))])
        harness.send(bytes: 3, at: .milliseconds(20))
        #expect(harness.outputs.last == .init(ms: 20, .close))
    }

    @Test func aToxicsRandomnessFollowsItsSeedNotItsNeighbours() {
        func releases(toxicSeed: UInt64, neighbourToxicity: Float) -> [Instant] {
            let harness = LinkHarness(
                [
                    spec(.noop, name: "n", toxicity: neighbourToxicity),
                    spec(latency(100, jitter: 80), name: "j", seed: toxicSeed),
                ],
                seed: 5
            )
            for step in 0..<30 { harness.send(bytes: 1, at: .milliseconds(Int64(step) * 500)) }
            harness.advance(to: .milliseconds(20_000))
            return harness.outputs.map(\.time)
        }
        #expect(releases(toxicSeed: 1, neighbourToxicity: 1) == releases(toxicSeed: 1, neighbourToxicity: 0.3))
        #expect(releases(toxicSeed: 1, neighbourToxicity: 1) != releases(toxicSeed: 2, neighbourToxicity: 1))
    }
}
