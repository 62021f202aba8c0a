/// Pins the driver and its test loop: one timer at the link's next wake, re-armed only on change, outputs in
/// order at the right virtual times, re-entrant sinks, stop and teardown.
import FaultlineCore
import FaultlineTesting
import Testing

private func latency(_ ms: Int64) -> ToxicSpec {
    ToxicSpec(kind: .latency(LatencyAttributes(latency: ms)))
}

/// Collects what a driver emits, with the loop time.
private final class Sink {
    var outputs: [(Instant, ToxicAction)] = []
}

struct LinkDriverTests {
    @Test func testLoopRunsTimersInOrderAtTheirDeadlines() {
        let loop = TestLoop()
        var log: [String] = []
        _ = loop.schedule(at: .milliseconds(20)) { log.append("b@\(loop.now)") }
        _ = loop.schedule(at: .milliseconds(10)) { log.append("a@\(loop.now)") }
        _ = loop.schedule(at: .milliseconds(20)) { log.append("c@\(loop.now)") }
        let cancelled = loop.schedule(at: .milliseconds(15)) { log.append("never") }
        loop.cancel(cancelled)
        #expect(loop.now == .zero)
        loop.advance(by: .milliseconds(15))
        #expect(log == ["a@10.0ms"])
        #expect(loop.now == .milliseconds(15))
        loop.advance(to: .milliseconds(100))
        #expect(log == ["a@10.0ms", "b@20.0ms", "c@20.0ms"])
        #expect(loop.now == .milliseconds(100))
    }

    @Test func testLoopRunsTimersScheduledWhileAdvancing() {
        let loop = TestLoop()
        var log: [Instant] = []
        // Unowned: the 80 ms timer is still pending when the test ends, and the loop keeps it.
        _ = loop.schedule(at: .milliseconds(10)) { [unowned loop] in
            log.append(loop.now)
            _ = loop.schedule(at: .milliseconds(5)) { log.append(loop.now) }  // in the past: runs now
            _ = loop.schedule(at: .milliseconds(30)) { log.append(loop.now) }
            _ = loop.schedule(at: .milliseconds(80)) { log.append(loop.now) }
        }
        loop.advance(to: .milliseconds(50))
        #expect(log == [.milliseconds(10), .milliseconds(10), .milliseconds(30)])
        #expect(loop.pendingTimerCount == 1)
        loop.advance(to: .milliseconds(20))  // never backwards
        #expect(loop.now == .milliseconds(50))
    }

    @Test func exactlyOneTimerFollowsTheLinksNextWake() {
        let loop = TestLoop()
        let sink = Sink()
        let driver = LinkDriver(scheduler: loop) { sink.outputs.append((loop.now, $0)) }
        var rng = SplitMix64(seed: 0)
        driver.append(latency(100), rng: &rng)
        #expect(loop.scheduledCount == 0)
        for step in 0..<50 {
            loop.advance(to: .milliseconds(Int64(step)))
            driver.receive(.bytes([UInt8(step)]))
            #expect(loop.pendingTimerCount == 1)
            #expect(driver.armedDeadline == .milliseconds(100))
        }
        #expect(loop.scheduledCount == 1)  // later chunks queue behind the first: no re-arm
        loop.advance(to: .milliseconds(1000))
        #expect(sink.outputs.map(\.0) == (0..<50).map { Instant.milliseconds(100 + Int64($0)) })
        #expect(sink.outputs.map(\.1) == (0..<50).map { .emit(.bytes([UInt8($0)])) })
        #expect(loop.scheduledCount == 50 && loop.cancelledCount == 0)
        #expect(loop.pendingTimerCount == 0 && driver.armedDeadline == nil)
    }

    @Test func anEarlierWakeReplacesTheArmedTimer() {
        let loop = TestLoop()
        let driver = LinkDriver(scheduler: loop) { _ in }
        var rng = SplitMix64(seed: 0)
        driver.append(latency(1000), rng: &rng)
        driver.receive(.bytes([1]))
        #expect(driver.armedDeadline == .milliseconds(1000))
        driver.update(name: "latency_downstream", to: latency(300), rng: &rng)
        #expect(driver.armedDeadline == .milliseconds(300))
        #expect(loop.pendingTimerCount == 1 && loop.cancelledCount == 1)
    }

    @Test func aReentrantSinkIsServedInOrder() {
        let loop = TestLoop()
        let sink = Sink()
        var driverReference: LinkDriver?
        let driver = LinkDriver(scheduler: loop) { action in
            sink.outputs.append((loop.now, action))
            if action == .emit(.bytes([1])) { driverReference?.receive(.bytes([3])) }
        }
        driverReference = driver
        driver.receive(.bytes([1]))
        driver.receive(.bytes([2]))
        #expect(sink.outputs.map(\.1) == [.emit(.bytes([1])), .emit(.bytes([3])), .emit(.bytes([2]))])
        driverReference = nil
    }

    @Test func stopCancelsTheTimerAndIgnoresLaterCalls() {
        let loop = TestLoop()
        let sink = Sink()
        let driver = LinkDriver(scheduler: loop) { sink.outputs.append((loop.now, $0)) }
        var rng = SplitMix64(seed: 0)
        driver.append(latency(100), rng: &rng)
        driver.receive(.bytes([1]))
        driver.stop()
        #expect(loop.pendingTimerCount == 0 && driver.isStopped)
        driver.receive(.bytes([2]))
        loop.advance(to: .milliseconds(1000))
        #expect(sink.outputs.isEmpty)
    }

    @Test func aStopFromTheSinkEndsDelivery() {
        let loop = TestLoop()
        let sink = Sink()
        var driverReference: LinkDriver?
        let driver = LinkDriver(scheduler: loop) { action in
            sink.outputs.append((loop.now, action))
            if action == .close { driverReference?.stop() }
        }
        driverReference = driver
        var rng = SplitMix64(seed: 0)
        driver.append(ToxicSpec(kind: .limitData(LimitDataAttributes(bytes: 2))), rng: &rng)
        driver.receive(.bytes([1, 2, 3]))
        driver.receive(.bytes([4]))
        #expect(sink.outputs.map(\.1) == [.emit(.bytes([1, 2])), .close])
        #expect(driver.isStopped)
        driverReference = nil
    }

    @Test func releasingTheDriverCancelsItsTimer() {
        let loop = TestLoop()
        do {
            let driver = LinkDriver(scheduler: loop) { _ in }
            var rng = SplitMix64(seed: 0)
            driver.append(latency(100), rng: &rng)
            driver.receive(.bytes([1]))
            #expect(loop.pendingTimerCount == 1)
        }
        #expect(loop.pendingTimerCount == 0)
        loop.advance(to: .milliseconds(1000))
    }
}
