/// Pins datagram latency: fixed delays, jitter that reorders or not, netem's distributions, seeded replay, removal.
import FaultlineCore
import FaultlineTesting
import Testing

private func latency(
    _ ms: Int64, jitter: Int64 = 0, _ shape: Distribution.Shape = .uniform, correlation: Double = 0,
    reorder: Bool = true
) -> DatagramToxicKind {
    .latency(
        DatagramLatencyAttributes(
            latency: ms, jitter: jitter,
            spread: LatencyDistributionAttributes(distribution: shape, correlation: correlation), reorder: reorder))
}

/// Sends `count` datagrams one millisecond apart and runs until all are out.
private func run(_ kind: DatagramToxicKind, count: Int, seed: UInt64 = 1) -> DatagramHarness {
    var harness = DatagramHarness(kind, seed: seed)
    for tag in 0..<count { harness.send(tag: tag, at: .milliseconds(Int64(tag))) }
    harness.advance(to: .milliseconds(Int64(count) + 10_000))
    return harness
}

/// Each datagram's delay in ms, by tag (datagram `tag` was sent at `tag` ms).
private func delays(_ harness: DatagramHarness) -> [Double] {
    harness.outputs.sorted { $0.tag < $1.tag }.map { $0.milliseconds - Double($0.tag) }
}

struct DatagramLatencyTests {
    @Test func fixedDelayKeepsOrderAndSpacing() {
        let harness = run(latency(100), count: 5)
        #expect(harness.outputs.map(\.milliseconds) == [100, 101, 102, 103, 104])
        #expect(harness.tags == [0, 1, 2, 3, 4])
    }

    @Test func zeroDelayPassesInTheSameCall() {
        var harness = DatagramHarness(latency(0))
        harness.send(tag: 7, at: .milliseconds(3))
        #expect(harness.outputs.map(\.milliseconds) == [3])
        #expect(harness.link.nextWake == nil)
    }

    @Test func jitterReordersLikeNetemsTfifo() {
        // latency 100 ± 50 ms, datagrams 1 ms apart: a later one with a shorter draw leaves first.
        let harness = run(latency(100, jitter: 50), count: 1000)
        #expect(harness.outputs.count == 1000)
        let inversions = zip(harness.tags, harness.tags.dropFirst()).filter { $0 > $1 }.count
        #expect(inversions > 100)
        #expect(zip(harness.outputs, harness.outputs.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(delays(harness).allSatisfy { $0 >= 50 && $0 < 150 })
    }

    @Test func reorderFalseNeverOvertakes() {
        let harness = run(latency(100, jitter: 50, reorder: false), count: 1000)
        #expect(harness.tags == Array(0..<1000))
        #expect(delays(harness).allSatisfy { $0 >= 50 && $0 < 150 + 100 })
    }

    @Test func shapeSetsTheSpreadOfTheDelays() {
        // 20,000 datagrams 1 ms apart; spread as DistributionTests pins it: uniform σ/√3, normal σ. Five standard
        // errors of the deviation are ≤ 2 % here.
        for (shape, expected) in [(Distribution.Shape.uniform, 20 / 3.0.squareRoot()), (.normal, 20.0)] {
            let values = delays(run(latency(200, jitter: 20, shape), count: 20_000))
            let mean = values.reduce(0, +) / Double(values.count)
            let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
            #expect(abs(mean - 200) < 0.5)
            #expect(abs(deviation / expected - 1) < 0.02)
        }
    }

    @Test func negativeDrawsMeanNoDelay() {
        let values = delays(run(latency(10, jitter: 100, .normal), count: 2000))
        #expect(values.allSatisfy { $0 >= 0 })
        #expect(values.filter { $0 == 0 }.count > 700)  // P(N < −0.1) ≈ 0.46
    }

    @Test func seedReplaysTheSameDelays() {
        let kind = latency(50, jitter: 30, .paretonormal, correlation: 0.3)
        #expect(run(kind, count: 500, seed: 4).outputs == run(kind, count: 500, seed: 4).outputs)
        #expect(run(kind, count: 500, seed: 4).outputs != run(kind, count: 500, seed: 5).outputs)
    }

    @Test func removalReleasesEverythingHeldAtOnceInReleaseOrder() {
        var harness = DatagramHarness(latency(1000, jitter: 500), seed: 2)
        for tag in 0..<20 { harness.send(tag: tag, at: .milliseconds(Int64(tag))) }
        #expect(harness.link.heldBytes == 20 * (64 + UDPDatagram.heldOverhead))
        harness.remove("latency_downstream", at: .milliseconds(100))
        #expect(harness.outputs.count == 20)
        #expect(harness.outputs.allSatisfy { $0.milliseconds == 100 })
        #expect(harness.link.heldBytes == 0)
    }

    @Test func updateKeepsHeldTimesAndAppliesToLaterDatagrams() {
        var harness = DatagramHarness(latency(100))
        harness.send(tag: 0, at: .milliseconds(0))
        harness.update("latency_downstream", to: DatagramToxicSpec(kind: latency(10)), at: .milliseconds(1))
        harness.send(tag: 1, at: .milliseconds(2))
        harness.advance(to: .milliseconds(500))
        #expect(harness.outputs.map(\.description) == ["#1@12.0ms", "#0@100.0ms"])
    }
}
