/// Pins duplicate: how many copies, when they leave, that they share bytes, and what removal does with them.
import FaultlineCore
import FaultlineTesting
import Testing

private func duplicate(_ probability: Double, gap: Int64 = 0) -> DatagramToxicKind {
    .duplicate(DatagramDuplicateAttributes(probability: probability, gap: gap))
}

struct DatagramDuplicateTests {
    @Test func copiesFollowGapMicrosecondsLater() {
        var harness = DatagramHarness(duplicate(1, gap: 500))
        harness.send(tag: 1, at: .milliseconds(10))
        harness.send(tag: 2, at: .milliseconds(20))
        harness.advance(to: .milliseconds(100))
        #expect(harness.outputs.map(\.description) == ["#1@10.0ms", "#1@10.5ms", "#2@20.0ms", "#2@20.5ms"])
        #expect(harness.link.counters.duplicated == 2)
    }

    @Test func gapZeroSendsTheCopyRightBehindSharingItsBytes() {
        var harness = DatagramHarness(duplicate(1))
        harness.send(tag: 5, at: .milliseconds(1))
        #expect(harness.outputs.map(\.description) == ["#5@1.0ms", "#5@1.0ms"])
        let addresses = harness.outputs.map { $0.datagram.payload.withUnsafeBufferPointer { $0.baseAddress } }
        #expect(addresses[0] == addresses[1])
    }

    @Test func copyCountFollowsTheProbability() {
        // Binomial(10,000, 0.3): 3,000 copies, five standard errors = 5·√(10,000·0.21) = 229.
        var harness = DatagramHarness(duplicate(0.3, gap: 100), seed: 3)
        for tag in 0..<10_000 { harness.send(tag: tag, at: .milliseconds(Int64(tag))) }
        harness.advance(to: .milliseconds(20_000))
        let copies = harness.outputs.count - 10_000
        #expect(abs(copies - 3000) < 229)
        #expect(harness.link.counters.duplicated == UInt64(copies))
        var seen: [Int: Instant] = [:]
        for output in harness.outputs {
            if let first = seen[output.tag] {
                #expect(output.time - first == .microseconds(100))
            } else {
                seen[output.tag] = output.time
            }
        }
    }

    @Test func removalDiscardsCopiesNotYetSent() {
        var harness = DatagramHarness(duplicate(1, gap: 1_000_000))
        harness.send(tag: 1, at: .milliseconds(0))
        harness.remove("duplicate_downstream", at: .milliseconds(10))
        harness.advance(to: .milliseconds(5000))
        #expect(harness.tags == [1])
        #expect(harness.link.counters.duplicated == 0)
    }
}
