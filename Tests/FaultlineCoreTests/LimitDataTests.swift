/// Pins limit_data: pass `bytes` bytes, cut the crossing chunk, close; ≤ 0 closes on the first chunk.
import FaultlineCore
import FaultlineTesting
import Testing

private func limit(_ bytes: Int64) -> ToxicSpec {
    ToxicSpec(kind: .limitData(LimitDataAttributes(bytes: bytes)))
}

struct LimitDataTests {
    @Test func theCrossingChunkIsCutThenTheConnectionCloses() {
        let harness = LinkHarness([limit(1000)])
        for step in 0..<5 { harness.send(bytes: 300, at: .milliseconds(Int64(step))) }
        #expect(harness.emittedChunkSizes == [300, 300, 300, 100])
        #expect(harness.outputs.last == .init(ms: 3, .close))
        #expect(harness.outputs.count == 5)
    }

    @Test func reachingTheLimitExactlyClosesAtOnce() {
        let harness = LinkHarness([limit(600)])
        harness.send(bytes: 300, at: .milliseconds(1))
        harness.send(bytes: 300, at: .milliseconds(2))
        #expect(harness.emittedChunkSizes == [300, 300])
        #expect(harness.outputs.last == .init(ms: 2, .close))
    }

    @Test(arguments: [0, -1, Int64.min])
    func nonPositiveLimitClosesOnTheFirstChunkSendingNothing(bytes: Int64) {
        let harness = LinkHarness([limit(bytes)])
        harness.advance(to: .milliseconds(100))
        #expect(harness.outputs.isEmpty)
        harness.send(bytes: 10, at: .milliseconds(200))
        #expect(harness.outputs == [.init(ms: 200, .close)])
    }

    @Test func hugeLimitPassesEverything() {
        let harness = LinkHarness([limit(.max)])
        for step in 0..<10 { harness.send(bytes: 65_536, at: .milliseconds(Int64(step))) }
        harness.send(.end, at: .milliseconds(20))
        #expect(harness.emittedBytes.count == 655_360)
        #expect(harness.outputs.last?.action == .emit(.end))
    }

    @Test func endBeforeTheLimitPasses() {
        let harness = LinkHarness([limit(100)])
        harness.send(bytes: 10, at: .milliseconds(1))
        harness.send(.end, at: .milliseconds(2))
        #expect(harness.outputs.map(\.action) == [.emit(.bytes(Array(0..<10))), .emit(.end)])
    }

    @Test func theCountSurvivesAnUpdate() {
        let harness = LinkHarness([limit(1000)])
        harness.send(bytes: 800, at: .milliseconds(1))
        harness.update("limit_data_downstream", to: limit(900), at: .milliseconds(2))
        harness.send(bytes: 800, at: .milliseconds(3))
        #expect(harness.emittedChunkSizes == [800, 100])
        #expect(harness.outputs.last == .init(ms: 3, .close))
    }

    @Test func loweringTheLimitBelowTheCountClosesOnTheNextChunk() {
        let harness = LinkHarness([limit(1000)])
        harness.send(bytes: 800, at: .milliseconds(1))
        harness.update("limit_data_downstream", to: limit(500), at: .milliseconds(2))
        #expect(harness.outputs.count == 1)
        harness.send(bytes: 10, at: .milliseconds(3))
        #expect(harness.outputs.last == .init(ms: 3, .close))
        #expect(harness.emittedBytes.count == 800)
    }

    @Test func nothingPassesAfterTheClose() {
        var toxic = LimitData(LimitDataAttributes(bytes: 5))
        var out: [ToxicAction] = []
        toxic.receive(.bytes([1, 2, 3, 4, 5, 6]), now: .zero, into: &out)
        toxic.receive(.bytes([7]), now: .zero, into: &out)
        toxic.receive(.end, now: .zero, into: &out)
        #expect(out == [.emit(.bytes([1, 2, 3, 4, 5])), .close])
        #expect(toxic.passed == 5)
    }
}
