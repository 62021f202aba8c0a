/// Pins that payloads move through a link without being copied: the buffer that comes out is the one that went in.
import FaultlineCore
import FaultlineTesting
import Testing

private func address(_ datagram: UDPDatagram) -> UnsafeRawPointer? {
    datagram.payload.withUnsafeBytes { $0.baseAddress }
}

struct DatagramCopyTests {
    @Test func heldAndForwardedDatagramsKeepTheirBuffer() {
        var harness = DatagramHarness([
            DatagramToxicSpec(name: "latency", kind: .latency(DatagramLatencyAttributes(latency: 10, jitter: 5))),
            DatagramToxicSpec(name: "loss", kind: .loss(DatagramLossAttributes(probability: 0))),
            DatagramToxicSpec(name: "reorder", kind: .reorder(DatagramReorderAttributes(probability: 0.5))),
            DatagramToxicSpec(name: "bandwidth", kind: .bandwidth(DatagramBandwidthAttributes(rate: 1000))),
            DatagramToxicSpec(name: "mtu", kind: .mtu(DatagramMTUAttributes(size: 2000, truncate: true))),
        ])
        var sent: [Int: UnsafeRawPointer?] = [:]
        for tag in 0..<100 {
            let datagram = DatagramHarness.datagram(tag: tag, size: 1000)
            sent[tag] = address(datagram)
            harness.send(datagram, at: .milliseconds(Int64(tag)))
        }
        harness.advance(to: .milliseconds(10_000))
        #expect(harness.outputs.count == 100)
        #expect(harness.outputs.allSatisfy { sent[$0.tag] == address($0.datagram) })
    }

    @Test func corruptAndTruncateChangeAnUnsharedBufferInPlace() {
        for kind in [
            DatagramToxicKind.corrupt(DatagramCorruptAttributes(probability: 1)),
            .mtu(DatagramMTUAttributes(size: 100, truncate: true)),
        ] {
            var link = DatagramLink()
            var rng = SplitMix64(seed: 1)
            link.append(DatagramToxicSpec(kind: kind), now: .zero, rng: &rng)
            var out: [UDPDatagram] = []
            let datagram = DatagramHarness.datagram(tag: 1, size: 1000)
            let before = address(datagram)
            // The sender lets go, as a session does when it hands over a datagram copied out of its batch.
            link.receive(consume datagram, now: .zero, into: &out)
            #expect(out.count == 1)
            #expect(out.first.map(address) == before, "\(kind.typeName)")
        }
    }
}
