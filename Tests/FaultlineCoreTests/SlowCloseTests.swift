/// Pins slow_close: data at once, the end held `delay` ms, re-timed on update, released on removal.
import FaultlineCore
import FaultlineTesting
import Testing

private func slowClose(_ delay: Int64) -> ToxicSpec {
    ToxicSpec(kind: .slowClose(SlowCloseAttributes(delay: delay)))
}

struct SlowCloseTests {
    @Test func dataPassesAndTheEndWaits() {
        let harness = LinkHarness([slowClose(500)])
        harness.send(bytes: 10, at: .milliseconds(0))
        harness.send(.end, at: .milliseconds(1))
        #expect(harness.outputs == [.init(ms: 0, .emit(.bytes(Array(0..<10))))])
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.last == .init(ms: 501, .emit(.end)))
        #expect(harness.outputs.count == 2)
    }

    @Test(arguments: [0, -1, Int64.min])
    func nonPositiveDelayPassesTheEndAtOnce(delay: Int64) {
        let harness = LinkHarness([slowClose(delay)])
        harness.send(.end, at: .milliseconds(3))
        #expect(harness.outputs == [.init(ms: 3, .emit(.end))])
        #expect(harness.loop.pendingTimerCount == 0)
    }

    @Test func hugeDelayHoldsTheEndWithoutTrapping() {
        let harness = LinkHarness([slowClose(.max)])
        harness.send(.end, at: .milliseconds(3))
        harness.advance(to: .milliseconds(1_000_000_000))
        #expect(harness.outputs.isEmpty)
        #expect(harness.driver.armedDeadline != nil)
    }

    @Test func updateRetimesAHeldEndFromItsArrival() {
        let harness = LinkHarness([slowClose(1000)])
        harness.send(.end, at: .milliseconds(100))
        harness.update("slow_close_downstream", to: slowClose(300), at: .milliseconds(200))
        harness.advance(to: .milliseconds(2000))
        #expect(harness.outputs == [.init(ms: 400, .emit(.end))])
    }

    @Test func updatePastTheNewDeadlineReleasesAtOnce() {
        let harness = LinkHarness([slowClose(1000)])
        harness.send(.end, at: .milliseconds(100))
        harness.update("slow_close_downstream", to: slowClose(50), at: .milliseconds(600))
        #expect(harness.outputs == [.init(ms: 600, .emit(.end))])
    }

    @Test func removalReleasesTheEndAtOnce() {
        let harness = LinkHarness([slowClose(1000)])
        harness.send(.end, at: .milliseconds(100))
        harness.remove("slow_close_downstream", at: .milliseconds(150))
        #expect(harness.outputs == [.init(ms: 150, .emit(.end))])
        harness.advance(to: .milliseconds(5000))
        #expect(harness.outputs.count == 1)
    }
}
