/// Pins timeout: bytes swallowed, close after `timeout` ms without data, 0 never, `.end` passed, removal closes.
import FaultlineCore
import FaultlineTesting
import Testing

private func timeout(_ ms: Int64) -> ToxicSpec {
    ToxicSpec(kind: .timeout(TimeoutAttributes(timeout: ms)))
}

struct TimeoutTests {
    @Test func withoutDataItClosesAfterTheTimeout() {
        let harness = LinkHarness([timeout(500)])
        harness.advance(to: .milliseconds(2000))
        #expect(harness.outputs == [.init(ms: 500, .close)])
    }

    @Test func everyChunkIsSwallowedAndRestartsTheWait() {
        let harness = LinkHarness([timeout(500)])
        for step in 1...30 { harness.send(bytes: 1, at: .milliseconds(Int64(step) * 200)) }
        #expect(harness.outputs.isEmpty)
        harness.advance(to: .milliseconds(10_000))
        #expect(harness.outputs == [.init(ms: 6500, .close)])
    }

    @Test(arguments: [0, -1, Int64.min])
    func nonPositiveTimeoutNeverCloses(ms: Int64) {
        let harness = LinkHarness([timeout(ms)])
        harness.send(bytes: 100, at: .milliseconds(10))
        harness.advance(to: .milliseconds(1_000_000))
        #expect(harness.outputs.isEmpty)
        #expect(harness.loop.scheduledCount == 0)
    }

    @Test func hugeTimeoutDoesNotTrap() {
        let harness = LinkHarness([timeout(.max)])
        harness.send(bytes: 1, at: .milliseconds(10))
        harness.advance(to: .milliseconds(1_000_000))
        #expect(harness.outputs.isEmpty)
    }

    @Test func endPassesAndTheWaitKeepsRunning() {
        let harness = LinkHarness([timeout(500)])
        harness.send(bytes: 5, at: .milliseconds(100))
        harness.send(.end, at: .milliseconds(200))
        harness.advance(to: .milliseconds(2000))
        #expect(harness.outputs == [.init(ms: 200, .emit(.end)), .init(ms: 600, .close)])
    }

    @Test func removalClosesTheConnection() {
        let harness = LinkHarness([timeout(0)])
        harness.send(bytes: 5, at: .milliseconds(100))
        harness.remove("timeout_downstream", at: .milliseconds(300))
        #expect(harness.outputs == [.init(ms: 300, .close)])
    }

    @Test func updateRetimesFromTheLastData() {
        let harness = LinkHarness([timeout(0)])
        harness.send(bytes: 5, at: .milliseconds(100))
        harness.update("timeout_downstream", to: timeout(400), at: .milliseconds(300))
        harness.advance(to: .milliseconds(2000))
        #expect(harness.outputs == [.init(ms: 500, .close)])
    }

    @Test func updatePastTheNewDeadlineClosesAtOnce() {
        let harness = LinkHarness([timeout(0)])
        harness.send(bytes: 5, at: .milliseconds(100))
        harness.update("timeout_downstream", to: timeout(50), at: .milliseconds(300))
        #expect(harness.outputs == [.init(ms: 300, .close)])
    }

    @Test func closesOnlyOnce() {
        var toxic = Timeout(TimeoutAttributes(timeout: 10), now: .zero)
        var out: [ToxicAction] = []
        toxic.wake(now: .milliseconds(10), into: &out)
        toxic.wake(now: .milliseconds(20), into: &out)
        toxic.flush(now: .milliseconds(30), into: &out)
        toxic.receive(.end, now: .milliseconds(40), into: &out)
        #expect(out == [.close])
        #expect(toxic.nextWake == nil)
    }
}
