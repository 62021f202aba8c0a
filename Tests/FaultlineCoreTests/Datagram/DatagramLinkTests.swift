/// Pins the datagram link: chaining, removal flushing into the next stage, budgets, counters, rolls and replay.
import FaultlineCore
import FaultlineTesting
import Testing

private let latency100 = DatagramToxicKind.latency(DatagramLatencyAttributes(latency: 100))

/// One of each randomised or reshaping toxic type, configured to act often (blackhole would drop everything).
private let everything: [DatagramToxicSpec] = [
    DatagramToxicSpec(
        name: "latency",
        kind: .latency(
            DatagramLatencyAttributes(
                latency: 20, jitter: 10, spread: LatencyDistributionAttributes(distribution: .pareto)))),
    DatagramToxicSpec(name: "loss", kind: .loss(DatagramLossAttributes(probability: 0.1, burst: 2))),
    DatagramToxicSpec(name: "duplicate", kind: .duplicate(DatagramDuplicateAttributes(probability: 0.2, gap: 300))),
    DatagramToxicSpec(name: "corrupt", kind: .corrupt(DatagramCorruptAttributes(probability: 0.2, bits: 3))),
    DatagramToxicSpec(name: "reorder", kind: .reorder(DatagramReorderAttributes(probability: 0.5, gap: 2, delay: 5))),
    DatagramToxicSpec(name: "bandwidth", kind: .bandwidth(DatagramBandwidthAttributes(rate: 500, queue: 100_000))),
    DatagramToxicSpec(name: "mtu", kind: .mtu(DatagramMTUAttributes(size: 1200, truncate: true))),
]

private func runEverything(seed: UInt64) -> DatagramHarness {
    var harness = DatagramHarness(everything, seed: seed)
    for tag in 0..<2000 { harness.send(tag: tag, size: 100 + (tag * 37) % 1400, at: .microseconds(Int64(tag) * 700)) }
    harness.advance(to: .milliseconds(60_000))
    return harness
}

struct DatagramLinkTests {
    @Test func emptyLinkPassesStraightThrough() {
        var harness = DatagramHarness([])
        harness.send(tag: 1, at: .milliseconds(3))
        #expect(harness.outputs.map(\.description) == ["#1@3.0ms"])
    }

    @Test func stagesChainAtTheSameInstant() {
        // Latency then duplicate: the copy is made when the delayed datagram reaches the second stage.
        var harness = DatagramHarness([
            DatagramToxicSpec(name: "a", kind: latency100),
            DatagramToxicSpec(name: "b", kind: .duplicate(DatagramDuplicateAttributes(probability: 1, gap: 1000))),
            DatagramToxicSpec(name: "c", kind: latency100),
        ])
        harness.send(tag: 1, at: .zero)
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.map(\.description) == ["#1@200.0ms", "#1@201.0ms"])
    }

    @Test func removalFlushesIntoTheRestOfTheChain() {
        var harness = DatagramHarness([
            DatagramToxicSpec(name: "slow", kind: .latency(DatagramLatencyAttributes(latency: 5000))),
            DatagramToxicSpec(name: "fast", kind: latency100),
        ])
        harness.send(tag: 1, at: .zero)
        harness.remove("slow", at: .milliseconds(10))
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.map(\.description) == ["#1@110.0ms"])
    }

    @Test func heldLimitDropsAtTheEntrance() {
        // Each 64-byte datagram costs 128 held bytes; at 1000 bytes the link takes an eighth and refuses the rest.
        var harness = DatagramHarness([DatagramToxicSpec(kind: latency100)], heldLimit: 1000)
        for tag in 0..<10 { harness.send(tag: tag, at: .zero) }
        #expect(harness.link.heldBytes == 8 * 128)
        #expect(harness.link.counters.overLimit == 2)
        harness.advance(to: .milliseconds(200))
        #expect(harness.tags == Array(0..<8))
    }

    @Test func countersSurviveRemovalAndReplacement() {
        var harness = DatagramHarness([DatagramToxicSpec(name: "x", kind: .blackhole)])
        harness.send(tag: 0, at: .zero)
        harness.update("x", to: DatagramToxicSpec(name: "x", kind: .mtu(DatagramMTUAttributes(size: 10))), at: .zero)
        harness.send(tag: 1, size: 64, at: .zero)
        harness.remove("x", at: .zero)
        #expect(harness.link.counters.blackholed == 1)
        #expect(harness.link.counters.oversized == 1)
        #expect(harness.link.counters.dropped == 2)
    }

    @Test func updateToAnotherTypeFlushesTheOldToxic() {
        var harness = DatagramHarness([DatagramToxicSpec(name: "x", kind: latency100)])
        harness.send(tag: 0, at: .zero)
        harness.update("x", to: DatagramToxicSpec(name: "x", kind: .blackhole), at: .milliseconds(5))
        harness.send(tag: 1, at: .milliseconds(6))
        #expect(harness.outputs.map(\.description) == ["#0@5.0ms"])
    }

    @Test func rollsMatchTheTCPLinks() {
        // The same generator and toxicity give the same roll as `Link` would, so sessions replay like connections.
        var datagramRNG = SplitMix64(seed: 77)
        var tcpRNG = SplitMix64(seed: 77)
        for toxicity: Float in [0, 0.25, 0.5, 1] {
            var link = DatagramLink()
            let spec = DatagramToxicSpec(kind: .blackhole, toxicity: toxicity)
            let applied = link.append(spec, now: .zero, rng: &datagramRNG)
            let roll = Link.roll(ToxicSpec(kind: .noop, toxicity: toxicity), using: &tcpRNG)
            #expect(applied == roll.applies)
        }
    }

    @Test func seedReplaysEveryToxicIdentically() {
        let first = runEverything(seed: 21)
        #expect(first.outputs.count > 1000)  // loss and the bandwidth queue drop some
        #expect(first.outputs == runEverything(seed: 21).outputs)
        #expect(first.link.counters == runEverything(seed: 21).link.counters)
        #expect(first.outputs != runEverything(seed: 22).outputs)
    }

    @Test func boundariesAndMaximumSizeSurviveEveryToxic() {
        // Everything but mtu, which exists to cut: a 65,507-byte datagram comes out whole.
        var harness = DatagramHarness(everything.filter { $0.name != "mtu" }.map {
            var spec = $0
            if case .loss = spec.kind { spec.kind = .loss(DatagramLossAttributes(probability: 0)) }
            if case .corrupt = spec.kind { spec.kind = .corrupt(DatagramCorruptAttributes(probability: 0)) }
            return spec
        })
        let big = DatagramHarness.datagram(tag: 1, size: UDPDatagram.maximumSize)
        harness.send(big, at: .zero)
        harness.send(tag: 2, size: 1, at: .zero)
        harness.advance(to: .milliseconds(10_000))
        #expect(harness.outputs.contains { $0.datagram == big })
        #expect(harness.outputs.allSatisfy { $0.datagram == big || $0.datagram.count == 4 })
    }
}
