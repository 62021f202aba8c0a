/// Pins `loss`: byte-exact stalls, Gilbert statistics, Linux's recovery timings, give-up, window and drop mode.
import FaultlineCore
import FaultlineTesting
import Testing

private func spec(_ attributes: LossAttributes, name: String? = nil, seed: UInt64? = nil) -> ToxicSpec {
    ToxicSpec(name: name, kind: .loss(attributes), seed: seed)
}

private func milliseconds(_ instant: Instant) -> Int64 { Int64(instant.nanoseconds / 1_000_000) }

/// `count` bytes from a seeded generator, so that any reordering or loss shows.
private func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var generator = SplitMix64(seed: seed)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count + 8)
    while bytes.count < count {
        var word = generator.next()
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: word))
            word >>= 8
        }
    }
    return Array(bytes.prefix(count))
}

/// The first seed whose draws under `GilbertLoss(probability, burst)` give `lost`, transmission by transmission.
private func seed(giving lost: [Bool], probability: Double = 0.5, burst: Double = 1) -> UInt64 {
    for candidate in UInt64(0)..<100_000 {
        var generator = SplitMix64(seed: candidate)
        var chain = GilbertLoss(probability: probability, burst: burst)
        if lost.allSatisfy({ $0 == chain.nextIsLost(using: &generator) }) { return candidate }
    }
    Issue.record("no seed below 100000 gives \(lost)")
    return 0
}

private let segment = 1448

struct LossTests {
    @Test func zeroProbabilityAddsNoDelayAndKeepsChunksWhole() {
        let harness = LinkHarness([spec(LossAttributes(probability: 0))])
        var generator = SplitMix64(seed: 9)
        var expected: [LinkHarness.Output] = []
        for step in 0..<200 {
            let chunk = randomBytes(Int(generator.next(upperBound: 20_000 as UInt64)) + 1, seed: UInt64(step))
            let time = Instant.milliseconds(Int64(step) * 3)
            harness.send(.bytes(chunk), at: time)
            expected.append(.init(time, .emit(.bytes(chunk))))
        }
        harness.send(.end, at: .milliseconds(1000))
        expected.append(.init(ms: 1000, .emit(.end)))
        #expect(harness.outputs == expected)
        #expect(harness.loop.scheduledCount == 0 && harness.driver.heldBytes == 0)
    }

    @Test func stallModeDeliversSeveralMebibytesExactly() {
        let input = randomBytes(8 << 20, seed: 77)
        let attributes = LossAttributes(probability: 0.02, burst: 3, rtt: 10)
        let harness = LinkHarness([spec(attributes)], seed: 5)
        var time = Instant.zero
        var offset = 0
        var mostHeld = 0
        var waits = 0
        while offset < input.count {
            // Read only while the toxic wants input, as the connection does.
            while !harness.driver.wantsInput, waits < 100_000 {
                waits += 1
                time = time + .milliseconds(1)
                harness.advance(to: time)
            }
            let end = min(offset + 65_536, input.count)
            harness.send(.bytes(Array(input[offset..<end])), at: time)
            mostHeld = max(mostHeld, harness.driver.heldBytes)
            offset = end
            time = time + .milliseconds(1)
        }
        harness.send(.end, at: time)
        harness.advance(to: time + .seconds(600))
        #expect(harness.emittedBytes == input)
        #expect(harness.outputs.last?.action == .emit(.end))
        #expect(harness.driver.heldBytes == 0 && harness.loop.pendingTimerCount == 0)
        // Losses happened (fast retransmits land 12.5 ms after a send, off the whole milliseconds), output
        // never went back in time, and the window held.
        #expect(harness.outputs.contains { $0.time.nanoseconds % 1_000_000 != 0 })
        #expect(zip(harness.outputs, harness.outputs.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(mostHeld < (4 << 20) + 65_536 + 64 * 200)
    }

    @Test(arguments: [0.01, 0.05, 0.2])
    func theFractionOfDelayedMessagesIsBinomial(probability: Double) {
        // Single-segment messages 10 s apart, each recovered before the next is sent.
        let count = 2000
        let harness = LinkHarness([spec(LossAttributes(probability: probability, rtoMax: 1000))], seed: 11)
        for index in 0..<count { harness.send(bytes: 100, at: .milliseconds(Int64(index) * 10_000)) }
        harness.advance(to: .milliseconds(Int64(count) * 10_000 + 60_000))
        #expect(harness.outputs.count == count)
        let delays = harness.outputs.enumerated().map { milliseconds($1.time) - Int64($0) * 10_000 }
        // Tail loss at 200 ms, then RTO 200, 400, 800 and rto_max 1000: the only possible stalls.
        let possible: Set<Int64> = [0, 200, 400, 800, 1600, 2600, 3600, 4600, 5600]
        #expect(delays.allSatisfy(possible.contains))
        let delayed = Double(delays.filter { $0 >= 200 }.count)
        let mean = Double(count) * probability
        let sigma = (mean * (1 - probability)).squareRoot()
        #expect(abs(delayed - mean) <= 4.5 * sigma, "\(delayed) delayed, expected \(mean) ± \(4.5 * sigma)")
    }

    @Test(arguments: [(0.05, 1.0), (0.1, 4.0), (0.2, 2.0)] as [(Double, Double)])
    func lossRunsAverageTheBurstLength(probability: Double, burst: Double) {
        // Drop mode with 4-byte segments that carry their own number: what is missing is what was lost.
        let segments = 100_000
        let attributes = LossAttributes(probability: probability, burst: burst, segmentSize: 4, mode: "drop")
        var runner = ToxicRunner(Loss(attributes, seed: 3))
        for chunk in 0..<(segments / 1000) {
            var bytes: [UInt8] = []
            for number in (chunk * 1000)..<(chunk * 1000 + 1000) {
                bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: number >> $0) }
            }
            runner.send(.bytes(bytes), at: .milliseconds(Int64(chunk)))
        }
        let emitted = runner.emittedBytes
        var delivered = [Bool](repeating: false, count: segments)
        for start in stride(from: 0, to: emitted.count, by: 4) {
            let number = emitted[start..<(start + 4)].reduce(0) { $0 << 8 | Int($1) }
            delivered[number] = true
        }
        var runs: [Int] = []
        var current = 0
        for wasDelivered in delivered {
            if wasDelivered {
                if current > 0 { runs.append(current) }
                current = 0
            } else {
                current += 1
            }
        }
        if current > 0 { runs.append(current) }
        let lost = Double(runs.reduce(0, +))
        let meanRun = lost / Double(runs.count)
        // Runs shorter than Bernoulli's 1/(1−π) cannot average out to π, so `burst` below that means Bernoulli.
        let expectedRun = max(burst, 1 / (1 - probability))
        #expect(abs(lost / Double(segments) - probability) <= 0.15 * probability, "loss \(lost / Double(segments))")
        #expect(abs(meanRun - expectedRun) <= 0.1 * expectedRun, "mean run \(meanRun), expected \(expectedRun)")
    }

    @Test func dropModeRemovesExactlyTheLostSegments() {
        let attributes = LossAttributes(probability: 0.3, burst: 2, segmentSize: 100, mode: "drop")
        var runner = ToxicRunner(Loss(attributes, seed: 21))
        var generator = SplitMix64(seed: 21)
        var chain = GilbertLoss(probability: 0.3, burst: 2)
        var expected: [UInt8] = []
        for (index, size) in [1000, 250, 99, 1, 5000, 100, 101].enumerated() {
            let chunk = randomBytes(size, seed: UInt64(index))
            for start in stride(from: 0, to: size, by: 100) where !chain.nextIsLost(using: &generator) {
                expected += chunk[start..<min(start + 100, size)]
            }
            runner.send(.bytes(chunk), at: .milliseconds(Int64(index)))
            #expect(runner.toxic.heldBytes == 0 && runner.toxic.nextWake == nil)
        }
        #expect(runner.emittedBytes == expected)
        #expect(expected.count < 6551 && expected.count > 3000)
    }

    @Test(
        arguments: [
            (LossAttributes(probability: 1, maxRetries: 0), 200),
            (LossAttributes(probability: 1, maxRetries: 1), 400),
            (LossAttributes(probability: 1, maxRetries: 2), 800),
            (LossAttributes(probability: 1, maxRetries: 3), 1600),
            (LossAttributes(probability: 1, maxRetries: 5), 6400),
            (LossAttributes(probability: 1, rtoMax: 1000, maxRetries: 5), 3600),
            (LossAttributes(probability: 1, rtt: 50, maxRetries: 0), 250),
            (LossAttributes(probability: 1, rtt: 50, maxRetries: 2), 1000),
            // The defaults: 15 retransmissions, waits 200, 200, 400 … 102400, then 120000 five times.
            (LossAttributes(probability: 1), 804_800),
        ] as [(LossAttributes, Int64)]
    )
    func repeatedLossBacksOffThenResets(attributes: LossAttributes, resetAt: Int64) {
        var runner = ToxicRunner(Loss(attributes, seed: 0))
        runner.send(bytes: 10, at: .zero)
        runner.advance(to: .milliseconds(2_000_000))
        #expect(runner.outputs == [.init(ms: resetAt, .reset)])
        #expect(runner.toxic.hasReset && runner.toxic.nextWake == nil && runner.toxic.heldBytes == 0)
        runner.send(bytes: 10, at: .milliseconds(2_000_001))
        runner.send(.end, at: .milliseconds(2_000_002))
        #expect(runner.outputs.count == 1)
    }

    @Test(arguments: [(100, 200), (300, 400), (500, 800), (1000, 1600), (1700, 3200)] as [(Int64, Int64)])
    func aSegmentArrivesWithTheFirstRetransmissionThatGetsThrough(healedAt: Int64, deliveredAt: Int64) {
        // Lost at 0, retried at 200, 400, 800, 1600, 3200 …; the link heals (probability 0) at `healedAt`.
        let harness = LinkHarness([spec(LossAttributes(probability: 1), name: "l")])
        harness.send(bytes: 10, at: .zero)
        harness.send(.end, at: .milliseconds(5))
        harness.update("l", to: spec(LossAttributes(probability: 0), name: "l"), at: .milliseconds(healedAt))
        harness.advance(to: .milliseconds(10_000))
        #expect(harness.outputs.map(\.description) == ["\(deliveredAt).0ms 10B", "\(deliveredAt).0ms end"])
    }

    @Test func threeLaterSegmentsInTheChunkMeanFastRetransmit() {
        let attributes = LossAttributes(probability: 0.5, rtt: 100)
        var runner = ToxicRunner(Loss(attributes, seed: seed(giving: [true, false, false, false, false])))
        let chunk = randomBytes(4 * segment, seed: 1)
        runner.send(.bytes(chunk), at: .zero)
        runner.advance(to: .milliseconds(1000))
        #expect(runner.outputs == [.init(ms: 125, .emit(.bytes(chunk)))])
    }

    @Test func twoLaterSegmentsAreATailLoss() {
        let attributes = LossAttributes(probability: 0.5, rtt: 100)
        var runner = ToxicRunner(Loss(attributes, seed: seed(giving: [true, false, false, false])))
        runner.send(bytes: 3 * segment, at: .zero)
        runner.advance(to: .milliseconds(1000))
        // 2·rtt + rto_min = 400, capped by the RTO rtt + rto_min = 300.
        #expect(runner.outputs.map(\.description) == ["300.0ms \(3 * segment)B"])
    }

    @Test func laterChunksAreTheSameFlightUntilTheLossIsRepaired() {
        let attributes = LossAttributes(probability: 0.5, rtt: 100)
        var runner = ToxicRunner(Loss(attributes, seed: seed(giving: [true, false, false, false, false])))
        for step in 0..<4 { runner.send(bytes: segment, at: .milliseconds(Int64(step) * 10)) }
        runner.advance(to: .milliseconds(1000))
        // The third follower went out at 30 ms: fast retransmit at 30 + 125.
        #expect(runner.outputs.map(\.description) == ["155.0ms \(4 * segment)B"])
    }

    @Test func onLoopbackAFastRetransmitCostsOneMillisecond() {
        let lost = [true, false, false, false, false]
        var runner = ToxicRunner(Loss(LossAttributes(probability: 0.5), seed: seed(giving: lost)))
        runner.send(bytes: 4 * segment, at: .zero)
        runner.advance(to: .milliseconds(1000))
        #expect(runner.outputs.map(\.description) == ["1.0ms \(4 * segment)B"])
    }

    @Test func aLostFastRetransmissionWaitsTheRTO() {
        let lost = [true, false, false, false, true, false]
        var runner = ToxicRunner(Loss(LossAttributes(probability: 0.5, rtt: 100), seed: seed(giving: lost)))
        runner.send(bytes: 4 * segment, at: .zero)
        runner.advance(to: .milliseconds(1000))
        #expect(runner.outputs.map(\.description) == ["425.0ms \(4 * segment)B"])
    }

    @Test func whatPrecedesALossLeavesAtOnce() {
        let lost = [false, true, false, false, false, false]
        var runner = ToxicRunner(Loss(LossAttributes(probability: 0.5, rtt: 100), seed: seed(giving: lost)))
        let chunk = randomBytes(5 * segment, seed: 2)
        runner.send(.bytes(chunk), at: .zero)
        runner.advance(to: .milliseconds(1000))
        let expected: [LinkHarness.Output] = [
            .init(ms: 0, .emit(.bytes(Array(chunk[..<segment])))),
            .init(ms: 125, .emit(.bytes(Array(chunk[segment...])))),
        ]
        #expect(runner.outputs == expected)
    }

    @Test func givingUpDeliversWhatPrecedesThenResets() {
        let attributes = LossAttributes(probability: 0.5, maxRetries: 0)
        var runner = ToxicRunner(Loss(attributes, seed: seed(giving: [false, true])))
        let chunk = randomBytes(2 * segment, seed: 3)
        runner.send(.bytes(chunk), at: .zero)
        runner.send(.end, at: .milliseconds(1))
        runner.advance(to: .milliseconds(1000))
        #expect(runner.outputs == [.init(ms: 0, .emit(.bytes(Array(chunk[..<segment])))), .init(ms: 200, .reset)])
    }

    @Test func endStaysBehindHeldData() {
        let harness = LinkHarness([spec(LossAttributes(probability: 1), name: "l")])
        harness.send(.end, at: .zero)
        #expect(harness.outputs == [.init(ms: 0, .emit(.end))])
        harness.clearOutputs()
        harness.send(bytes: 5, at: .milliseconds(1))
        harness.send(.end, at: .milliseconds(2))
        harness.update("l", to: spec(LossAttributes(probability: 0), name: "l"), at: .milliseconds(3))
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.map(\.description) == ["201.0ms 5B", "201.0ms end"])
    }

    @Test func theWindowStopsReadingAndRemovalReleasesAll() {
        // Everything is lost; each 4000-byte chunk is three held segments (4000 + 3 × 64 bookkeeping bytes).
        let harness = LinkHarness([spec(LossAttributes(probability: 1, window: 10_000), name: "l")])
        harness.send(bytes: 4000, at: .zero)
        harness.send(bytes: 4000, at: .milliseconds(1))
        #expect(harness.driver.heldBytes == 8384 && harness.driver.wantsInput)
        harness.send(bytes: 4000, at: .milliseconds(2))
        #expect(harness.driver.heldBytes == 12_576 && !harness.driver.wantsInput)
        harness.send(.end, at: .milliseconds(3))
        #expect(harness.outputs.isEmpty)
        harness.remove("l", at: .milliseconds(50))
        let pattern = (0..<4000).map { UInt8(truncatingIfNeeded: $0) }
        #expect(harness.emittedBytes == pattern + pattern + pattern)
        #expect(harness.outputs.map(\.time).allSatisfy { $0 == .milliseconds(50) })
        #expect(harness.outputs.last?.action == .emit(.end))
        #expect(harness.driver.wantsInput && harness.loop.pendingTimerCount == 0)
    }

    @Test func theDefaultWindowIsFourMebibytes() {
        var runner = ToxicRunner(Loss(LossAttributes(probability: 1), seed: 0))
        var chunks = 0
        while runner.toxic.wantsInput, chunks < 1000 {
            runner.send(bytes: 65_536, at: .zero)
            chunks += 1
        }
        // 65 536 bytes are 46 segments, so a chunk holds 65 536 + 46 × 64; the 62nd reaches 4 MiB.
        #expect(chunks == 62)
        #expect(runner.toxic.heldBytes == 62 * (65_536 + 46 * 64))
    }

    @Test func theSameSeedGivesTheSameSchedule() {
        func outputs(seed: UInt64) -> [LinkHarness.Output] {
            let attributes = LossAttributes(probability: 0.1, burst: 2, segmentSize: 500, rtt: 20)
            let harness = LinkHarness([spec(attributes)], seed: seed)
            var generator = SplitMix64(seed: 1)
            var sent = 0
            for step in 0..<300 {
                let size = Int(generator.next(upperBound: 5000 as UInt64)) + 1
                harness.send(bytes: size, at: .milliseconds(Int64(step) * 7))
                sent += size
            }
            harness.send(.end, at: .milliseconds(2500))
            harness.advance(to: .milliseconds(100_000))
            #expect(harness.emittedBytes.count == sent)
            return harness.outputs
        }
        let first = outputs(seed: 7)
        #expect(first == outputs(seed: 7))
        #expect(first != outputs(seed: 8))
        // Stalls merged held pieces: fewer, later outputs than chunks sent.
        #expect(first.count > 10 && first.count < 301)
    }

    @Test func anUpdateKeepsScheduledRetransmissions() {
        let harness = LinkHarness([spec(LossAttributes(probability: 1), name: "l")])
        harness.send(bytes: 3, at: .zero)
        // Identical settings change nothing; a healed link still waits for the pending retransmission.
        let same = spec(LossAttributes(probability: 1), name: "l")
        #expect(harness.update("l", to: same, at: .milliseconds(50)) == true)
        harness.update("l", to: spec(LossAttributes(probability: 0, rtoMin: 50), name: "l"), at: .milliseconds(100))
        harness.send(bytes: 2, at: .milliseconds(150))
        harness.advance(to: .milliseconds(1000))
        #expect(harness.outputs.map(\.description) == ["200.0ms 5B"])
    }

    @Test func aLowerMaxRetriesAppliesAtTheNextAttempt() {
        var runner = ToxicRunner(Loss(LossAttributes(probability: 1), seed: 0))
        runner.send(bytes: 3, at: .zero)
        let adopted = runner.update(to: .loss(LossAttributes(probability: 1, maxRetries: 1)), at: .milliseconds(900))
        #expect(adopted)
        runner.advance(to: .milliseconds(10_000))
        // Losses at 0, 200, 400 and 800 already exceed one retry: the attempt due at 1600 gives up.
        #expect(runner.outputs == [.init(ms: 1600, .reset)])
        let adoptedNoop = runner.update(to: .noop, at: .milliseconds(10_001))
        #expect(!adoptedNoop)
    }

    @Test(
        arguments: [
            LossAttributes(probability: .nan, burst: .nan, segmentSize: .min, rtt: .min, rtoMin: .min, rtoMax: .min,
                           maxRetries: .min, mode: "", window: .min),
            LossAttributes(probability: 2, burst: 0, segmentSize: 0, rtt: .max, rtoMin: 0, rtoMax: 0,
                           maxRetries: .max, mode: "DROP", window: 0),
            LossAttributes(probability: 1, burst: .infinity, segmentSize: .max, rtt: .max, rtoMin: .max,
                           rtoMax: .max, maxRetries: .max, mode: "stall", window: .max),
            LossAttributes(probability: -1, burst: -5, segmentSize: 1, rtt: -1, rtoMin: -1, rtoMax: 5,
                           maxRetries: -1, mode: "drop", window: 1),
            LossAttributes(probability: 0.9, burst: 100, segmentSize: 1, rtoMin: 1, rtoMax: 1, maxRetries: 3),
        ]
    )
    func extremeAttributesNeverTrap(attributes: LossAttributes) {
        let sent = randomBytes(2000, seed: 4)
        var toxic = Loss(attributes, seed: 1)
        var out: [ToxicAction] = []
        toxic.receive(.bytes(sent), now: .milliseconds(1), into: &out)
        var wakes = 0
        while let wake = toxic.nextWake, wakes < 20 {
            toxic.wake(now: wake, into: &out)
            wakes += 1
        }
        #expect(toxic.update(to: .loss(LossAttributes()), now: .milliseconds(2), into: &out))
        toxic.receive(.end, now: .milliseconds(3), into: &out)
        toxic.flush(now: .milliseconds(4), into: &out)
        let passed = out.flatMap { action -> [UInt8] in
            if case .emit(.bytes(let bytes)) = action { return bytes }
            return []
        }
        // Stall mode never invents, reorders or loses bytes; drop mode only loses some.
        if attributes.mode != "drop", !out.contains(.reset) { #expect(passed == sent) }
        #expect(passed.count <= sent.count)
        #expect(toxic.heldBytes == 0)
    }
}
