/// Pins reorder: netem's gap pattern exactly, the probability of going at once, and the counter's restart.
import FaultlineCore
import FaultlineTesting
import Testing

private func reorder(_ probability: Double, gap: Int64, delay: Int64 = 10) -> DatagramToxicKind {
    .reorder(DatagramReorderAttributes(probability: probability, gap: gap, delay: delay))
}

/// Sends tags 1…count at tag ms and runs until everything is out.
private func run(_ kind: DatagramToxicKind, count: Int, seed: UInt64 = 1) -> DatagramHarness {
    var harness = DatagramHarness(kind, seed: seed)
    for tag in 1...count { harness.send(tag: tag, at: .milliseconds(Int64(tag))) }
    harness.advance(to: .milliseconds(Int64(count) + 1000))
    return harness
}

/// Tags that left at the instant they were sent.
private func sentAtOnce(_ harness: DatagramHarness) -> [Int] {
    harness.outputs.filter { $0.milliseconds == Double($0.tag) }.map(\.tag)
}

struct DatagramReorderTests {
    @Test func gapFiveSendsEveryFifthAtOnce() {
        // netem's "gap 5 delay 10ms" example: the 5th, 10th, 15th … datagram goes at once, the others wait 10 ms.
        let harness = run(reorder(1, gap: 5), count: 20)
        let expected = [
            (5, 5), (10, 10), (11, 1), (12, 2), (13, 3), (14, 4), (15, 15), (16, 6), (17, 7), (18, 8), (19, 9),
            (20, 20), (21, 11), (22, 12), (23, 13), (24, 14), (26, 16), (27, 17), (28, 18), (29, 19),
        ]
        #expect(harness.outputs.map(\.description) == expected.map { "#\($0.1)@\(Double($0.0))ms" })
        #expect(harness.link.counters.reordered == 4)
    }

    @Test func gapOneSendsEachAtOnceWithTheProbability() {
        // Binomial(10,000, 0.25): five standard errors are 5·√(10,000·0.1875) = 216.
        let harness = run(reorder(0.25, gap: 1), count: 10_000, seed: 6)
        #expect(abs(sentAtOnce(harness).count - 2500) < 216)
        #expect(harness.outputs.count == 10_000)
    }

    @Test func atLeastGapMinusOneWaitBetweenTwoSentAtOnce() {
        let harness = run(reorder(0.5, gap: 3), count: 5000, seed: 2)
        let atOnce = sentAtOnce(harness)
        #expect(atOnce.count > 1000)
        #expect(zip(atOnce, atOnce.dropFirst()).allSatisfy { $1 - $0 >= 3 })
        // After a datagram goes at once the next two always wait, then each goes with probability ½: the mean
        // spacing is 2 + 2 = 4 datagrams.
        let spacing = Double(atOnce.last! - atOnce.first!) / Double(atOnce.count - 1)
        #expect(abs(spacing - 4) < 0.2)
    }

    @Test func removalReleasesTheWaitingAtOnce() {
        var harness = DatagramHarness(reorder(0, gap: 1, delay: 1000))
        for tag in 1...3 { harness.send(tag: tag, at: .milliseconds(Int64(tag))) }
        harness.remove("reorder_downstream", at: .milliseconds(5))
        #expect(harness.outputs.map(\.description) == ["#1@5.0ms", "#2@5.0ms", "#3@5.0ms"])
    }
}
