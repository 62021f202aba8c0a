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
        let added: [any Toxic] = [
            ToxicKind.loss(LossAttributes(burst: 2)), .packetLoss(PacketLossAttributes(lossRate: 0.5)),
            .nxdomain(NXDomainAttributes(delay: 9)),
        ].map { $0.makeToxic(seed: 1, now: .zero) }
        #expect((added[0] as? Loss)?.attributes.burst == 2)
        #expect((added[1] as? PacketLoss)?.attributes.lossRate == 0.5)
        // nxdomain acts on the connection (NXDomainGate); in a link it is an identity stage.
        #expect(added[2] is Passthrough)
    }

    @Test func aTimeoutWaitsFromWhenItWasMade() {
        let toxic = ToxicKind.timeout(TimeoutAttributes(timeout: 100)).makeToxic(seed: 0, now: .milliseconds(40))
        #expect(toxic.nextWake == .milliseconds(140))
    }

    @Test func everyKindAdoptsItsOwnKindOnly() {
        let kinds: [ToxicKind] = [
            .latency(LatencyAttributes()), .bandwidth(BandwidthAttributes()), .slowClose(SlowCloseAttributes()),
            .timeout(TimeoutAttributes()), .resetPeer(ResetPeerAttributes()), .slicer(SlicerAttributes()),
            .limitData(LimitDataAttributes()), .noop, .loss(LossAttributes()), .packetLoss(PacketLossAttributes()),
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

    static let extremes: [Int64] = [.min, -1, 0, 1, 100, .max]

    static func kinds(_ value: Int64) -> [ToxicKind] {
        [
            .latency(LatencyAttributes(latency: value, jitter: value)), .latency(LatencyAttributes(jitter: value)),
            .bandwidth(BandwidthAttributes(rate: value)), .slowClose(SlowCloseAttributes(delay: value)),
            .timeout(TimeoutAttributes(timeout: value)), .resetPeer(ResetPeerAttributes(timeout: value)),
            .slicer(SlicerAttributes(averageSize: value, sizeVariation: value, delay: value)),
            .slicer(SlicerAttributes(averageSize: 100, sizeVariation: value, delay: value)),
            .limitData(LimitDataAttributes(bytes: value)),
        ]
    }

    @Test(arguments: extremes, extremes)
    func extremeValuesNeverTrapThroughReceiveWakeUpdateAndFlush(from: Int64, to: Int64) {
        let sent = (0..<5000).map { UInt8(truncatingIfNeeded: $0) }
        for (kind, target) in zip(Self.kinds(from), Self.kinds(to)) {
            var toxic = kind.makeToxic(seed: UInt64(bitPattern: from), now: .milliseconds(1))
            var out: [ToxicAction] = []
            toxic.receive(.bytes(sent), now: .milliseconds(2), into: &out)
            var wakes = 0
            while let wake = toxic.nextWake, wake < .milliseconds(1_000_000), wakes < 100 {
                toxic.wake(now: wake, into: &out)
                wakes += 1
            }
            #expect(toxic.update(to: target, now: .milliseconds(3), into: &out))
            toxic.receive(.end, now: .milliseconds(4), into: &out)
            if let wake = toxic.nextWake { toxic.wake(now: wake, into: &out) }
            toxic.flush(now: .milliseconds(5), into: &out)
            let passed = out.flatMap { action -> [UInt8] in
                if case .emit(.bytes(let bytes)) = action { return bytes }
                return []
            }
            // Whatever passed is the start of what was sent, in order; nothing is invented or reordered.
            #expect(Array(sent.prefix(passed.count)) == passed, "\(kind) → \(target)")
            #expect(toxic.heldBytes == 0, "\(kind) → \(target)")
        }
    }
}
