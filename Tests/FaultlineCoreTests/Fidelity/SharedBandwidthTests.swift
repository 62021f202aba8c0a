/// Proxy-wide `bandwidth` on virtual time: one rate shared by several links, max-min fair, exact over time.
import FaultlineTesting
import Testing

@testable import FaultlineCore

private func proxyWide(rate: Int64, allocator: LocalRateAllocator) -> ToxicSpec {
    var spec = ToxicSpec(kind: .bandwidth(BandwidthAttributes(rate: rate, scope: "proxy")))
    spec.sharedRate = SharedRate(TestAllocator(allocator))
    return spec
}

/// Lets a `LocalRateAllocator` ride in a `SharedRate` (which wants `Sendable`): these tests are single-threaded.
private final class TestAllocator: RateAllocator, @unchecked Sendable {
    let local: LocalRateAllocator
    init(_ local: LocalRateAllocator) { self.local = local }
    func reserve(_ bytes: Int, earliest: Instant) -> Instant? { local.reserve(bytes, earliest: earliest) }
    var rate: Int64 { local.rate }
}

/// Bytes a harness emitted up to `time`.
private func delivered(_ harness: LinkHarness, by time: Instant) -> Int {
    harness.outputs.filter { $0.time <= time }.reduce(0) { total, output in
        if case .emit(.bytes(let bytes)) = output.action { return total + bytes.count }
        return total
    }
}

/// Keeps `harness` fed: whenever it wants input, another 64 KiB chunk, until `end`.
private func keepBusy(_ harnesses: [LinkHarness], from start: Int64, until end: Int64, step: Int64 = 5) {
    var time = start
    while time <= end {
        for harness in harnesses {
            harness.advance(to: .milliseconds(time))
            if harness.driver.wantsInput { harness.send(bytes: 65_536, at: .milliseconds(time)) }
        }
        time += step
    }
}

struct SharedRateScheduleTests {
    @Test func slotsAreBackToBackAndNeverOverlap() {
        var schedule = SharedRateSchedule(rate: 100)  // 100 B/ms
        #expect(schedule.reserve(1000, earliest: .milliseconds(0)) == .milliseconds(10))
        #expect(schedule.reserve(500, earliest: .milliseconds(0)) == .milliseconds(15))
        // Idle by 100: unused time is not banked.
        #expect(schedule.reserve(100, earliest: .milliseconds(100)) == .milliseconds(101))
        // A sender chaining from its previous end (a late wake-up) does not lose time when alone.
        #expect(schedule.reserve(100, earliest: .milliseconds(101)) == .milliseconds(102))
        schedule.setRate(0)
        #expect(schedule.reserve(100, earliest: .milliseconds(200)) == nil)
    }
}

struct SharedBandwidthTests {
    @Test func oneConnectionGetsTheWholeRateExactly() {
        let allocator = LocalRateAllocator(rate: 100)
        let harness = LinkHarness([proxyWide(rate: 100, allocator: allocator)])
        harness.send(bytes: 100_000, at: .zero)  // 100 KB at 100 KB/s: one second
        harness.advance(to: .milliseconds(999))
        #expect(delivered(harness, by: .milliseconds(999)) < 100_000)
        harness.advance(to: .milliseconds(1000))
        #expect(harness.emittedBytes == (0..<100_000).map { UInt8(truncatingIfNeeded: $0) })
        #expect(harness.outputs.last?.time == .milliseconds(1000))
    }

    @Test(arguments: [2, 8, 100])
    func busyConnectionsShareTheRateEquallyAndTheTotalIsExact(count: Int) {
        let allocator = LocalRateAllocator(rate: 1000)  // 1 MB/s shared
        let harnesses = (0..<count).map { _ in LinkHarness([proxyWide(rate: 1000, allocator: allocator)]) }
        keepBusy(harnesses, from: 0, until: 10_000)
        let window = Instant.milliseconds(10_000)
        let each = harnesses.map { delivered($0, by: window) }
        let total = each.reduce(0, +)
        #expect(abs(Double(total) / 10_000_000 - 1) < 0.01, "total \(total) B in 10 s")
        // Round robin in slices of 10 ms of the rate: every share is within one slice of the fair one.
        let fair = Double(total) / Double(count)
        #expect(each.allSatisfy { abs(Double($0) - fair) <= 10_000 }, "shares \(each)")
    }

    @Test func anIdleConnectionLeavesItsShareToTheBusyOnes() {
        // Max-min: a connection sending 100 KB/s of a 1 MB/s proxy rate gets all of it; the busy one the rest.
        let allocator = LocalRateAllocator(rate: 1000)
        let busy = LinkHarness([proxyWide(rate: 1000, allocator: allocator)])
        let light = LinkHarness([proxyWide(rate: 1000, allocator: allocator)])
        // One clock for both: each harness's timers fire up to an instant before either asks for a slot at it, as
        // on a real loop (a sender woken late would leave a gap in the timeline that nobody gets back).
        var time: Int64 = 0
        while time <= 10_000 {
            busy.advance(to: .milliseconds(time))
            light.advance(to: .milliseconds(time))
            if busy.driver.wantsInput { busy.send(bytes: 65_536, at: .milliseconds(time)) }
            if time % 10 == 0 { light.send(bytes: 1000, at: .milliseconds(time)) }  // 1000 B every 10 ms
            time += 5
        }
        let window = Instant.milliseconds(10_000)
        let lightBytes = delivered(light, by: window)
        let busyBytes = delivered(busy, by: window)
        #expect(lightBytes >= 990_000, "the light connection got \(lightBytes)")
        #expect(abs(Double(lightBytes + busyBytes) / 10_000_000 - 1) < 0.01, "light \(lightBytes) B, busy \(busyBytes) B")
    }

    @Test func neverTransparentAndFlushedWholeOnRemoval() {
        let allocator = LocalRateAllocator(rate: 1)
        let harness = LinkHarness([proxyWide(rate: 1, allocator: allocator)])
        #expect(!harness.driver.canPass(1))  // every byte takes a slot
        harness.send(bytes: 10_000, at: .zero)
        harness.advance(to: .milliseconds(2000))
        #expect(delivered(harness, by: .milliseconds(2000)) == 1448)
        harness.remove("bandwidth_downstream", at: .milliseconds(2000))
        #expect(harness.emittedBytes == (0..<10_000).map { UInt8(truncatingIfNeeded: $0) })
    }

    @Test func zeroRatePassesNothingUntilTheRateRises() {
        let allocator = LocalRateAllocator(rate: 0)
        let harness = LinkHarness([proxyWide(rate: 0, allocator: allocator)])
        harness.send(bytes: 1000, at: .zero)
        harness.advance(to: .milliseconds(5000))
        #expect(harness.outputs.isEmpty && harness.loop.pendingTimerCount == 0)
        allocator.setRate(100)
        var raised = proxyWide(rate: 100, allocator: allocator)
        raised.sharedRate = harness.driver.link.entries[0].spec.sharedRate
        harness.update("bandwidth_downstream", to: raised, at: .milliseconds(5000))
        harness.advance(to: .milliseconds(5010))
        #expect(delivered(harness, by: .milliseconds(5010)) == 1000)
    }

    @Test func endFollowsTheDataAndScopeChangesReplaceTheStage() {
        let allocator = LocalRateAllocator(rate: 10)
        let harness = LinkHarness([proxyWide(rate: 10, allocator: allocator)])
        harness.send(bytes: 100, at: .zero)
        harness.send(.end, at: .milliseconds(1))
        harness.advance(to: .milliseconds(100))
        #expect(harness.outputs.map(\.action) == [.emit(.bytes((0..<100).map { UInt8($0) })), .emit(.end)])
        #expect(harness.outputs.map(\.time) == [.milliseconds(10), .milliseconds(10)])
        // Back to per connection: another toxic (Bandwidth), built in its place.
        let perConnection = ToxicSpec(kind: .bandwidth(BandwidthAttributes(rate: 10)))
        harness.update("bandwidth_downstream", to: perConnection, at: .milliseconds(200))
        #expect(harness.driver.link.entries[0].spec.sharedRate == nil)
    }

    @Test func withoutASharedAllocatorEachConnectionHasItsOwn() {
        let spec = ToxicSpec(kind: .bandwidth(BandwidthAttributes(rate: 100, scope: "proxy")))
        let harness = LinkHarness([spec])
        harness.send(bytes: 10_000, at: .zero)
        harness.advance(to: .milliseconds(100))
        #expect(delivered(harness, by: .milliseconds(100)) == 10_000)
    }
}
