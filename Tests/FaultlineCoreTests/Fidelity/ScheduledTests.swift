/// `schedule` on TCP and datagram toxics, on virtual time: on/off edges, transparency, flushes, phase from creation.
import FaultlineTesting
import Testing

@testable import FaultlineCore

private func flapping(
    _ kind: ToxicKind, on: Int64 = 100, off: Int64 = 100, createdAt: Instant? = .zero, toxicity: Float = 1
) -> ToxicSpec {
    var spec = ToxicSpec(kind: kind, toxicity: toxicity)
    spec.options.schedule = ToxicSchedule(on: on, off: off)
    spec.options.createdAt = createdAt
    return spec
}

private let slow = ToxicKind.latency(LatencyAttributes(latency: 1000))

struct ToxicScheduleTests {
    @Test func phasesRepeatFromTheStart() {
        let schedule = ToxicSchedule(on: 100, off: 50)
        let start = Instant.milliseconds(1000)
        #expect(schedule.phase(at: start, since: start) == (true, .milliseconds(1100)))
        #expect(schedule.phase(at: .milliseconds(1099), since: start) == (true, .milliseconds(1100)))
        #expect(schedule.phase(at: .milliseconds(1100), since: start) == (false, .milliseconds(1150)))
        #expect(schedule.phase(at: .milliseconds(1150), since: start) == (true, .milliseconds(1250)))
        #expect(schedule.phase(at: .milliseconds(1000 + 150 * 1000 + 120), since: start).active == false)
        // A clock reading a little older than the start counts as the first on phase.
        #expect(schedule.phase(at: .milliseconds(999), since: start) == (true, .milliseconds(1100)))
    }

    @Test func optionsActiveOnlyInOnPhases() {
        var options = ToxicOptions(schedule: ToxicSchedule(on: 10, off: 20))
        options.createdAt = .zero
        #expect(options.isActive(at: .milliseconds(5)))
        #expect(!options.isActive(at: .milliseconds(15)))
        #expect(options.isActive(at: .milliseconds(31)))
        #expect(ToxicOptions().isActive(at: .milliseconds(15)))
    }
}

struct ScheduledTests {
    @Test func offEdgeFlushesWhatTheToxicHeldAndOffPhasesPassAtOnce() {
        let harness = LinkHarness([flapping(slow)])
        harness.send(.bytes([1]), at: .milliseconds(10))  // held: 1000 ms of latency
        harness.advance(to: .milliseconds(99))
        #expect(harness.outputs.isEmpty)
        harness.advance(to: .milliseconds(100))  // off edge: flushed as on removal
        #expect(harness.outputs == [.init(ms: 100, .emit(.bytes([1])))])
        harness.send(.bytes([2]), at: .milliseconds(150))  // off: transparent
        #expect(harness.outputs.last == .init(ms: 150, .emit(.bytes([2]))))
        harness.send(.bytes([3]), at: .milliseconds(210))  // on again: a fresh toxic holds it
        harness.advance(to: .milliseconds(299))
        #expect(harness.outputs.count == 2)
        harness.advance(to: .milliseconds(300))
        #expect(harness.outputs.last == .init(ms: 300, .emit(.bytes([3]))))
    }

    @Test func offPhasesAreTransparentToTheFastPath() {
        let harness = LinkHarness([flapping(slow)])
        harness.advance(to: .milliseconds(50))
        #expect(!harness.driver.canPass(100))
        harness.advance(to: .milliseconds(120))
        #expect(harness.driver.canPass(100))
        #expect(harness.driver.passThrough(100))
        // The edge at 200 is a wake-up: the toxic is back even though no byte came.
        harness.advance(to: .milliseconds(200))
        #expect(!harness.driver.canPass(100))
    }

    @Test func aRestingTimeoutDoesNotCloseTheConnection() {
        // timeout swallows data while on; its off edge lets data through instead of closing (its removal would).
        let harness = LinkHarness([flapping(.timeout(TimeoutAttributes(timeout: 0)), on: 100, off: 100)])
        harness.send(.bytes([1]), at: .milliseconds(10))
        harness.send(.bytes([2]), at: .milliseconds(150))
        harness.advance(to: .milliseconds(400))
        #expect(harness.outputs == [.init(ms: 150, .emit(.bytes([2])))])
        harness.remove("timeout_downstream", at: .milliseconds(410))  // on phase: removal closes, as always
        #expect(harness.outputs.last?.action == .close)
    }

    @Test func phaseRunsFromCreationNotFromWhenTheStageIsBuilt() {
        // Created at 50: on [50, 150), off [150, 250). Built at 160: already off.
        let harness = LinkHarness()
        harness.add(flapping(slow, createdAt: .milliseconds(50)), at: .milliseconds(160))
        harness.send(.bytes([1]), at: .milliseconds(170))
        #expect(harness.outputs == [.init(ms: 170, .emit(.bytes([1])))])
        harness.send(.bytes([2]), at: .milliseconds(260))
        #expect(harness.outputs.count == 1)
    }

    @Test func theRollIsKeptAcrossFlaps() {
        // Toxicity 0: never applied, in on phases too (a Passthrough stands in, and flapping never rebuilds it).
        let harness = LinkHarness([flapping(slow, toxicity: 0)])
        for step in 0..<6 { harness.send(.bytes([UInt8(step)]), at: .milliseconds(Int64(step) * 70)) }
        #expect(harness.outputs.map(\.time) == (0..<6).map { Instant.milliseconds(Int64($0) * 70) })
        #expect(harness.driver.applies("latency_downstream") == false)
    }

    @Test func updatesKeepTheScheduleAndANewScheduleRebuilds() {
        let harness = LinkHarness([flapping(slow)])
        harness.send(.bytes([1]), at: .milliseconds(10))
        harness.update("latency_downstream", to: flapping(.latency(LatencyAttributes(latency: 20))), at: .milliseconds(20))
        #expect(harness.outputs.isEmpty)
        harness.advance(to: .milliseconds(30))
        #expect(harness.outputs == [.init(ms: 30, .emit(.bytes([1])))])  // re-timed: 10 + 20 ms
        // The same schedule still holds: off from 100, so transparent.
        harness.send(.bytes([2]), at: .milliseconds(110))
        #expect(harness.outputs.last == .init(ms: 110, .emit(.bytes([2]))))
        // On again at 200: held by a second of latency until a new schedule flushes and rebuilds the stage.
        harness.send(.bytes([3]), at: .milliseconds(210))
        harness.update("latency_downstream", to: flapping(slow, on: 1000), at: .milliseconds(220))
        #expect(harness.outputs.last == .init(ms: 220, .emit(.bytes([3]))))
        // The new one runs from creation too: on until 1000, where its off edge flushes what it held.
        harness.send(.bytes([4]), at: .milliseconds(230))
        harness.advance(to: .milliseconds(999))
        #expect(harness.outputs.count == 3)
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.last == .init(ms: 1000, .emit(.bytes([4]))))
    }
}

struct ScheduledDatagramTests {
    @Test func datagramsAreHeldOnlyInOnPhases() {
        var spec = DatagramToxicSpec(kind: .latency(DatagramLatencyAttributes(latency: 1000)))
        spec.options.schedule = ToxicSchedule(on: 100, off: 100)
        spec.options.createdAt = .zero
        var toxic = spec.makeToxic(seed: 1)
        var out: [UDPDatagram] = []
        toxic.receive(UDPDatagram([1]), now: .milliseconds(10), into: &out)
        #expect(out.isEmpty)
        #expect(toxic.nextWake == .milliseconds(100))
        toxic.wake(now: .milliseconds(100), into: &out)
        #expect(out.map(\.payload) == [[1]])
        toxic.receive(UDPDatagram([2]), now: .milliseconds(150), into: &out)
        #expect(out.map(\.payload) == [[1], [2]])
        toxic.receive(UDPDatagram([3]), now: .milliseconds(210), into: &out)
        #expect(out.count == 2 && toxic.heldBytes > 0)
    }

    @Test func withoutACreationInstantPhasesStartAtTheFirstDatagram() {
        var spec = DatagramToxicSpec(kind: .blackhole)
        spec.options.schedule = ToxicSchedule(on: 50, off: 50)
        var toxic = spec.makeToxic(seed: 1)
        var out: [UDPDatagram] = []
        toxic.receive(UDPDatagram([1]), now: .milliseconds(1000), into: &out)  // on: swallowed
        toxic.receive(UDPDatagram([2]), now: .milliseconds(1060), into: &out)  // off: passes
        #expect(out.map(\.payload) == [[2]])
        #expect(toxic.counters.blackholed == 1)
    }
}
