/// Pins the kind → toxic factory: every kind makes its own toxic type with the given settings.
import FaultlineCore
import Testing

struct ToxicKindMakeTests {
    @Test func everyKindMakesItsToxic() {
        let made: [any Toxic] = [
            ToxicKind.latency(LatencyAttributes(latency: 5)), .bandwidth(BandwidthAttributes(rate: 1)),
            .slowClose(SlowCloseAttributes(delay: 1)), .timeout(TimeoutAttributes(timeout: 1)),
            .resetPeer(ResetPeerAttributes(timeout: 1)),
            .slicer(SlicerAttributes(averageSize: 1, sizeVariation: 0, delay: 0)),
            .limitData(LimitDataAttributes(bytes: 1)), .noop,
        ].map { $0.makeToxic(seed: 1, now: .zero) }
        #expect((made[0] as? Latency)?.attributes.latency == 5)
        #expect(made[1] is Bandwidth && made[2] is SlowClose && made[3] is Timeout && made[4] is ResetPeer)
        #expect(made[5] is Slicer && made[6] is LimitData && made[7] is Noop)
    }

    @Test func aTimeoutWaitsFromWhenItWasMade() {
        let toxic = ToxicKind.timeout(TimeoutAttributes(timeout: 100)).makeToxic(seed: 0, now: .milliseconds(40))
        #expect(toxic.nextWake == .milliseconds(140))
    }

    @Test func everyKindAdoptsItsOwnKindOnly() {
        let kinds: [ToxicKind] = [
            .latency(LatencyAttributes()), .bandwidth(BandwidthAttributes()), .slowClose(SlowCloseAttributes()),
            .timeout(TimeoutAttributes()), .resetPeer(ResetPeerAttributes()), .slicer(SlicerAttributes()),
            .limitData(LimitDataAttributes()), .noop,
        ]
        for (index, kind) in kinds.enumerated() {
            for (other, target) in kinds.enumerated() {
                var toxic = kind.makeToxic(seed: 0, now: .zero)
                var out: [ToxicAction] = []
                #expect(toxic.update(to: target, now: .zero, into: &out) == (index == other))
                if index != other { #expect(out.isEmpty) }
            }
        }
    }
}
