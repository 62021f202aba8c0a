/// Pins corrupt: exactly `bits` distinct bits flip, at uniform positions, only in corrupted datagrams' own bytes.
import FaultlineCore
import FaultlineTesting
import Testing

private func corrupt(_ probability: Double, bits: Int64 = 1) -> DatagramToxicKind {
    .corrupt(DatagramCorruptAttributes(probability: probability, bits: bits))
}

private func flippedBits(_ a: [UInt8], _ b: [UInt8]) -> Int {
    zip(a, b).map { ($0 ^ $1).nonzeroBitCount }.reduce(0, +)
}

struct DatagramCorruptTests {
    @Test(arguments: [1, 5, 64] as [Int64])
    func flipsExactlyBitsDistinctBits(bits: Int64) {
        var harness = DatagramHarness(corrupt(1, bits: bits), seed: 2)
        let original = DatagramHarness.datagram(tag: 0, size: 100)
        for step in 0..<200 { harness.send(original, at: .milliseconds(Int64(step))) }
        #expect(harness.outputs.allSatisfy { flippedBits($0.datagram.payload, original.payload) == Int(bits) })
        #expect(harness.outputs.allSatisfy { $0.datagram.count == 100 })
        #expect(harness.link.counters.corrupted == 200)
    }

    @Test func moreBitsThanThePayloadHasFlipsThemAll() {
        var harness = DatagramHarness(corrupt(1, bits: 1024))
        harness.send(UDPDatagram([0x0F, 0xF0]), at: .zero)
        #expect(harness.outputs.map(\.datagram.payload) == [[0xF0, 0x0F]])
    }

    @Test func positionsAreUniform() {
        // 32,000 single flips over 32 bit positions: 1,000 each, five standard errors √(1000·31/32)·5 = 156.
        var harness = DatagramHarness(corrupt(1), seed: 5)
        let original = UDPDatagram([0, 0, 0, 0])
        for step in 0..<32_000 { harness.send(original, at: .microseconds(Int64(step))) }
        var counts = [Int](repeating: 0, count: 32)
        for output in harness.outputs {
            for (byte, value) in output.datagram.payload.enumerated() where value != 0 {
                counts[byte * 8 + value.trailingZeroBitCount] += 1
            }
        }
        #expect(counts.allSatisfy { abs($0 - 1000) < 156 })
    }

    @Test func probabilityPicksTheCorruptedShare() {
        var harness = DatagramHarness(corrupt(0.2), seed: 8)
        let original = DatagramHarness.datagram(tag: 1)
        for step in 0..<10_000 { harness.send(original, at: .microseconds(Int64(step))) }
        let corrupted = harness.outputs.filter { $0.datagram != original }.count
        #expect(abs(corrupted - 2000) < 200)  // five standard errors: 5·√(10,000·0.16) = 200
        #expect(harness.link.counters.corrupted == UInt64(corrupted))
    }

    @Test func senderAndDuplicateKeepTheirBytes() {
        // The sender's buffer and a duplicate's shared buffer are copied before the flip, never changed.
        let specs = [
            DatagramToxicSpec(kind: .duplicate(DatagramDuplicateAttributes(probability: 1))),
            DatagramToxicSpec(kind: corrupt(1)),
        ]
        var harness = DatagramHarness(specs, seed: 1)
        let original = DatagramHarness.datagram(tag: 3)
        let kept = original.payload
        harness.send(original, at: .zero)
        #expect(original.payload == kept)
        #expect(harness.outputs.count == 2)
        #expect(harness.outputs.allSatisfy { flippedBits($0.datagram.payload, kept) == 1 })
    }

    @Test func emptyDatagramsPassUncounted() {
        var harness = DatagramHarness(corrupt(1))
        harness.send(UDPDatagram([]), at: .zero)
        #expect(harness.outputs.map(\.datagram.count) == [0])
        #expect(harness.link.counters.corrupted == 0)
    }
}
