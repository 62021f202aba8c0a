/// Pins mtu (drop or truncate above `size`) and blackhole (drop everything; toxicity picks sessions).
import FaultlineCore
import FaultlineTesting
import Testing

struct DatagramMTUAndBlackholeTests {
    @Test func mtuDropsOnlyDatagramsAboveSize() {
        var harness = DatagramHarness(.mtu(DatagramMTUAttributes(size: 100)))
        for (tag, size) in [(0, 99), (1, 100), (2, 101), (3, UDPDatagram.maximumSize)] {
            harness.send(tag: tag, size: size, at: .zero)
        }
        #expect(harness.tags == [0, 1])
        #expect(harness.link.counters.oversized == 2)
    }

    @Test func mtuTruncatesKeepingThePrefix() {
        var harness = DatagramHarness(.mtu(DatagramMTUAttributes(size: 100, truncate: true)))
        let original = DatagramHarness.datagram(tag: 9, size: 1500)
        harness.send(original, at: .zero)
        harness.send(tag: 10, size: 50, at: .zero)
        #expect(harness.outputs.map(\.datagram.count) == [100, 50])
        #expect(harness.outputs.first?.datagram.payload == Array(original.payload.prefix(100)))
        #expect(original.count == 1500)
        #expect(harness.link.counters.truncated == 1)
    }

    @Test func blackholeDropsEverythingWhilePresent() {
        var harness = DatagramHarness(.blackhole)
        for tag in 0..<5 { harness.send(tag: tag, at: .milliseconds(Int64(tag))) }
        harness.remove("blackhole_downstream", at: .milliseconds(10))
        harness.send(tag: 5, at: .milliseconds(11))
        #expect(harness.tags == [5])
        #expect(harness.link.counters.blackholed == 5)
    }

    @Test func toxicityPicksTheSessionsThatArePartitioned() {
        // 2,000 sessions (links with their own generators), toxicity 0.3: 600 cut off, 5 SE = 5·√(2000·0.21) = 102.
        let spec = DatagramToxicSpec(kind: .blackhole, toxicity: 0.3)
        var partitioned = 0
        for session in 0..<2000 {
            var harness = DatagramHarness([spec], seed: UInt64(session))
            harness.send(tag: 0, at: .zero)
            if harness.outputs.isEmpty { partitioned += 1 }
        }
        #expect(abs(partitioned - 600) < 102)
    }
}
