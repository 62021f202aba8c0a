/// Pins reset_peer: nothing without data; the first chunk (dropped) starts the wait, then `.reset`.
import FaultlineCore
import FaultlineTesting
import Testing

private func resetPeer(_ ms: Int64) -> ToxicSpec {
    ToxicSpec(kind: .resetPeer(ResetPeerAttributes(timeout: ms)))
}

struct ResetPeerTests {
    @Test func withoutDataNothingHappens() {
        let harness = LinkHarness([resetPeer(100)])
        harness.advance(to: .milliseconds(100_000))
        #expect(harness.outputs.isEmpty)
        #expect(harness.loop.scheduledCount == 0)
    }

    @Test func firstDataResetsAfterTheTimeout() {
        let harness = LinkHarness([resetPeer(300)])
        harness.send(bytes: 10, at: .milliseconds(50))
        harness.send(bytes: 10, at: .milliseconds(100))
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs == [.init(ms: 350, .reset)])
    }

    @Test(arguments: [0, -5, Int64.min])
    func nonPositiveTimeoutResetsOnTheFirstData(ms: Int64) {
        let harness = LinkHarness([resetPeer(ms)])
        harness.send(bytes: 10, at: .milliseconds(50))
        #expect(harness.outputs == [.init(ms: 50, .reset)])
        harness.send(bytes: 10, at: .milliseconds(60))
        #expect(harness.outputs.count == 1)
    }

    @Test func endBeforeDataPasses() {
        let harness = LinkHarness([resetPeer(100)])
        harness.send(.end, at: .milliseconds(5))
        #expect(harness.outputs == [.init(ms: 5, .emit(.end))])
    }

    @Test func endAfterDataIsDroppedAndTheResetStillComes() {
        let harness = LinkHarness([resetPeer(100)])
        harness.send(bytes: 1, at: .milliseconds(5))
        harness.send(.end, at: .milliseconds(6))
        harness.advance(to: .milliseconds(500))
        #expect(harness.outputs == [.init(ms: 105, .reset)])
    }

    @Test func hugeTimeoutDoesNotTrap() {
        let harness = LinkHarness([resetPeer(.max)])
        harness.send(bytes: 1, at: .milliseconds(5))
        harness.advance(to: .milliseconds(1_000_000))
        #expect(harness.outputs.isEmpty)
    }

    @Test func updateRetimesAPendingReset() {
        let harness = LinkHarness([resetPeer(1000)])
        harness.send(bytes: 1, at: .milliseconds(100))
        harness.update("reset_peer_downstream", to: resetPeer(200), at: .milliseconds(150))
        harness.advance(to: .milliseconds(5000))
        #expect(harness.outputs == [.init(ms: 300, .reset)])
    }

    @Test func removalCancelsAPendingReset() {
        let harness = LinkHarness([resetPeer(1000)])
        harness.send(bytes: 1, at: .milliseconds(100))
        harness.remove("reset_peer_downstream", at: .milliseconds(150))
        harness.send(bytes: 2, at: .milliseconds(200))
        harness.advance(to: .milliseconds(5000))
        #expect(harness.outputs == [.init(ms: 200, .emit(.bytes([0, 1])))])
    }
}
