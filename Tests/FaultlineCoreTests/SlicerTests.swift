/// Pins slicer: Toxiproxy's recursive cut, `delay` µs after every piece, seeded slices, and sane edge values.
import FaultlineCore
import FaultlineTesting
import Testing

private func slicer(_ average: Int64, _ variation: Int64, delay: Int64 = 0, seed: UInt64? = nil) -> ToxicSpec {
    ToxicSpec(kind: .slicer(SlicerAttributes(averageSize: average, sizeVariation: variation, delay: delay)), seed: seed)
}

private let kilobyte = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }

struct SlicerTests {
    @Test func withoutVariationChunksAreHalvedUntilSmallEnough() {
        // 1000 → 500 → 250 → 125 → 62 + 63, since 125 − 100 > 0.
        let harness = LinkHarness([slicer(100, 0)])
        harness.send(.bytes(kilobyte), at: .zero)
        #expect(harness.emittedChunkSizes == Array(repeating: [62, 63], count: 8).flatMap { $0 })
        #expect(harness.emittedBytes == kilobyte)
    }

    @Test func piecesAreDelayedMicrosecondsApartIncludingAfterTheLast() {
        let harness = LinkHarness([slicer(100, 0, delay: 1000)])
        harness.send(.bytes(kilobyte), at: .zero)
        harness.send(.bytes([1, 2, 3]), at: .milliseconds(5))
        harness.send(.end, at: .milliseconds(6))
        harness.advance(to: .milliseconds(100))
        let times = harness.outputs.map(\.time)
        #expect(times == (0...16).map { Instant.milliseconds($0) } + [.milliseconds(17)])
        #expect(harness.outputs.last?.action == .emit(.end))
    }

    @Test func variationKeepsPiecesWithinToxiproxysBounds() {
        let harness = LinkHarness([slicer(100, 20)], seed: 8)
        for step in 0..<50 { harness.send(.bytes(kilobyte), at: .milliseconds(Int64(step))) }
        let sizes = harness.emittedChunkSizes
        #expect(sizes.allSatisfy { (40...120).contains($0) }, "\(sizes.min() ?? 0)…\(sizes.max() ?? 0)")
        #expect(Set(sizes).count > 10)
        #expect(harness.emittedBytes == Array(repeating: kilobyte, count: 50).flatMap { $0 })
    }

    @Test func sameSeedGivesTheSameSlices() {
        func sizes(_ seed: UInt64) -> [Int] {
            let harness = LinkHarness([slicer(64, 30, seed: seed)], seed: 1)
            for step in 0..<20 { harness.send(.bytes(kilobyte), at: .milliseconds(Int64(step))) }
            return harness.emittedChunkSizes
        }
        #expect(sizes(5) == sizes(5))
        #expect(sizes(5) != sizes(6))
    }

    @Test(arguments: [0, -1, Int64.min])
    func nonPositiveAveragePassesChunksWhole(average: Int64) {
        let harness = LinkHarness([slicer(average, 10)])
        harness.send(.bytes(kilobyte), at: .zero)
        #expect(harness.emittedChunkSizes == [1000])
    }

    @Test func variationAtOrAboveAverageIsClamped() {
        // Clamped to 9: pieces are at most 19 bytes, never empty, and the bytes survive intact.
        let harness = LinkHarness([slicer(10, 1000)], seed: 4)
        harness.send(.bytes(kilobyte), at: .zero)
        let sizes = harness.emittedChunkSizes
        #expect(sizes.allSatisfy { (1...19).contains($0) })
        #expect(harness.emittedBytes == kilobyte)
    }

    @Test func averageOfOneCutsSingleBytes() {
        let harness = LinkHarness([slicer(1, 0)])
        harness.send(.bytes(kilobyte), at: .zero)
        #expect(harness.emittedChunkSizes == Array(repeating: 1, count: 1000))
    }

    @Test func updateRespacesHeldPiecesWithTheNewDelay() {
        let harness = LinkHarness([slicer(100, 0, delay: 10_000)])
        harness.send(.bytes(kilobyte), at: .zero)
        harness.update("slicer_downstream", to: slicer(100, 0, delay: 1000), at: .milliseconds(25))
        harness.update("slicer_downstream", to: slicer(100, 0, delay: 1000), at: .milliseconds(25))  // idempotent
        harness.advance(to: .milliseconds(1000))
        let times = harness.outputs.map(\.time)
        #expect(times == [0, 10, 20].map { Instant.milliseconds($0) } + (25...37).map { Instant.milliseconds($0) })
        #expect(harness.emittedBytes == kilobyte)
    }

    @Test func removalFlushesTheRestOfTheChunk() {
        let harness = LinkHarness([slicer(100, 0, delay: 10_000)])
        harness.send(.bytes(kilobyte), at: .zero)
        harness.remove("slicer_downstream", at: .milliseconds(25))
        #expect(harness.emittedBytes == kilobyte)
        #expect(harness.outputs.last?.time == .milliseconds(25))
    }

    static let extremes: [Int64] = [.min, -1, 0, 1, 7, 1000, .max]

    @Test(arguments: extremes, extremes)
    func extremeSizesNeverTrap(average: Int64, variation: Int64) {
        for delay in SlicerTests.extremes {
            var toxic = Slicer(SlicerAttributes(averageSize: average, sizeVariation: variation, delay: delay), seed: 2)
            var out: [ToxicAction] = []
            let chunk = Array(kilobyte[..<300])
            toxic.receive(.bytes(chunk), now: .milliseconds(1), into: &out)
            toxic.receive(.end, now: .milliseconds(2), into: &out)
            var wakes = 0
            while let wake = toxic.nextWake, wakes < 400 {
                toxic.wake(now: wake, into: &out)
                wakes += 1
            }
            toxic.flush(now: .milliseconds(3), into: &out)
            let bytes = out.flatMap { action -> [UInt8] in
                if case .emit(.bytes(let piece)) = action { return piece }
                return []
            }
            #expect(bytes == chunk)
            #expect(out.last == .emit(.end))
            #expect(!out.contains(.emit(.bytes([]))))
        }
    }
}
