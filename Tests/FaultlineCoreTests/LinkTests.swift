/// Pins how a link routes events: through the chain in order, endings straight out, wake-ups in order.
import FaultlineCore
import FaultlineTesting
import Testing

private func latency(_ ms: Int64, _ name: String) -> ToxicSpec {
    ToxicSpec(name: name, kind: .latency(LatencyAttributes(latency: ms)))
}

private func limit(_ bytes: Int64) -> ToxicSpec {
    ToxicSpec(kind: .limitData(LimitDataAttributes(bytes: bytes)))
}

private func makeLink(_ specs: [ToxicSpec]) -> Link {
    var link = Link()
    var rng = SplitMix64(seed: 0)
    var out: [ToxicAction] = []
    for spec in specs { link.append(spec, now: .zero, rng: &rng, into: &out) }
    return link
}

struct LinkTests {
    @Test func anEmptyLinkPassesEverythingAtOnce() {
        var link = Link()
        var out: [ToxicAction] = []
        link.receive(.bytes([1]), now: .zero, into: &out)
        link.receive(.end, now: .zero, into: &out)
        #expect(out == [.emit(.bytes([1])), .emit(.end)])
        #expect(link.nextWake == nil && link.heldBytes == 0 && link.wantsInput && link.isEmpty)
    }

    @Test func eventsFlowThroughTheChainInOrder() {
        let harness = LinkHarness([latency(100, "a"), limit(5)])
        harness.send(bytes: 10, at: .milliseconds(0))
        harness.advance(to: .milliseconds(500))
        #expect(harness.outputs == [.init(ms: 100, .emit(.bytes([0, 1, 2, 3, 4]))), .init(ms: 100, .close)])
        #expect(harness.driver.link.names == ["a", "limit_data_downstream"])
    }

    @Test func routingIsDepthFirstSoDataPrecedesTheCloseItCaused() {
        let harness = LinkHarness([limit(5), ToxicSpec(kind: .noop)])
        harness.send(bytes: 10, at: .milliseconds(1))
        #expect(harness.outputs.map(\.action) == [.emit(.bytes([0, 1, 2, 3, 4])), .close])
    }

    @Test func closeAndResetSkipTheRestOfTheChain() {
        let harness = LinkHarness([limit(5), latency(100, "b")])
        harness.send(bytes: 10, at: .milliseconds(0))
        #expect(harness.outputs == [.init(ms: 0, .close)])
        let reset = LinkHarness([ToxicSpec(kind: .resetPeer(ResetPeerAttributes())), latency(100, "b")])
        reset.send(bytes: 1, at: .milliseconds(3))
        #expect(reset.outputs == [.init(ms: 3, .reset)])
    }

    @Test func nextWakeIsTheEarliestOfTheToxics() {
        var link = makeLink([latency(100, "a"), latency(30, "b")])
        var out: [ToxicAction] = []
        link.receive(.bytes([1]), now: .zero, into: &out)
        #expect(link.nextWake == .milliseconds(100))
        link.wake(now: .milliseconds(100), into: &out)
        #expect(out.isEmpty)
        #expect(link.nextWake == .milliseconds(130))
        link.receive(.bytes([2]), now: .milliseconds(110), into: &out)
        #expect(link.nextWake == .milliseconds(130))
        link.wake(now: .milliseconds(130), into: &out)
        #expect(out == [.emit(.bytes([1]))])
        #expect(link.nextWake == .milliseconds(210))
    }

    @Test func aWakePassCarriesReleasesIntoLaterToxics() {
        // b already holds X due at 30; a releases Y into b at 30 in the same pass; b still releases X then.
        var link = makeLink([latency(10, "a"), latency(20, "b")])
        var out: [ToxicAction] = []
        link.receive(.bytes([1]), now: .zero, into: &out)
        link.wake(now: .milliseconds(10), into: &out)
        link.receive(.bytes([2]), now: .milliseconds(20), into: &out)
        #expect(link.nextWake == .milliseconds(30))
        link.wake(now: .milliseconds(30), into: &out)
        #expect(out == [.emit(.bytes([1]))])
        #expect(link.nextWake == .milliseconds(50))
        link.wake(now: .milliseconds(50), into: &out)
        #expect(out == [.emit(.bytes([1])), .emit(.bytes([2]))])
    }

    @Test func aLateWakeHandsOnAtTheWakeTime() {
        var link = makeLink([latency(10, "a"), latency(10, "b")])
        var out: [ToxicAction] = []
        link.receive(.bytes([1]), now: .zero, into: &out)
        link.wake(now: .milliseconds(100), into: &out)
        #expect(out.isEmpty)
        #expect(link.nextWake == .milliseconds(110))
    }

    @Test func heldBytesAddUpAndAnyToxicCanPauseTheReader() {
        let harness = LinkHarness([
            latency(100, "a"), ToxicSpec(kind: .bandwidth(BandwidthAttributes(rate: 0))),
        ])
        harness.send(bytes: 40_000, at: .milliseconds(0))
        harness.send(bytes: 40_000, at: .milliseconds(50))
        #expect(harness.driver.heldBytes == 80_000)
        #expect(harness.driver.wantsInput)
        harness.advance(to: .milliseconds(150))
        #expect(harness.driver.heldBytes == 80_000)
        #expect(!harness.driver.wantsInput)
    }
}
