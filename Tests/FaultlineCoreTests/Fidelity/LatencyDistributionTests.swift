/// The TCP latency toxic's `distribution` and `correlation`: 100,000 seeded delays against netem's shapes, order kept.
///
/// Each delay is measured through the toxic itself (a chunk every 10 s, far apart enough that order never holds one
/// back), in units of jitter around latency. Bounds are five standard errors (`NetemReference`), so a correct toxic
/// fails a check for a random seed with probability below 1e-6; the seeds are fixed, so results replay exactly.
import FaultlineTesting
import Testing

@testable import FaultlineCore

private let draws = 100_000

/// The delays (ms) of `count` chunks sent 10 s apart through a latency toxic with these attributes.
private func delays(_ attributes: LatencyAttributes, seed: UInt64 = 7, count: Int = draws) -> [Double] {
    var toxic = Latency(attributes, seed: seed)
    var out: [ToxicAction] = []
    var result: [Double] = []
    result.reserveCapacity(count)
    for step in 0..<count {
        let now = Instant.milliseconds(Int64(step) * 10_000)
        out.removeAll(keepingCapacity: true)
        toxic.receive(.bytes([1]), now: now, into: &out)
        let release = out.isEmpty ? (toxic.nextWake ?? now) : now
        if out.isEmpty { toxic.wake(now: release, into: &out) }
        result.append(Double(release.nanoseconds - now.nanoseconds) / 1_000_000)
    }
    return result
}

/// Delays in units of `jitter` around `latency`.
private func standardised(_ values: [Double], latency: Double = 100, jitter: Double = 10) -> [Double] {
    values.map { ($0 - latency) / jitter }
}

private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

private func deviation(_ values: [Double]) -> Double {
    let m = mean(values)
    return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count)).squareRoot()
}

private func fraction(_ values: [Double], above threshold: Double) -> Double {
    Double(values.filter { $0 > threshold }.count) / Double(values.count)
}

private func autocorrelation(_ values: [Double]) -> Double {
    let m = mean(values)
    let numerator = zip(values, values.dropFirst()).map { ($0 - m) * ($1 - m) }.reduce(0, +)
    return numerator / values.map { ($0 - m) * ($0 - m) }.reduce(0, +)
}

private func shaped(_ shape: String, correlation: Double? = nil) -> LatencyAttributes {
    LatencyAttributes(latency: 100, jitter: 10, distribution: shape, correlation: correlation)
}

struct LatencyDistributionTests {
    @Test func unsetOrUniformWithoutCorrelationReplaysToxiproxysDraws() {
        // Existing seeds must replay: the same delays, unset or spelled out, as Toxiproxy's integer formula gives.
        let plain = delays(LatencyAttributes(latency: 100, jitter: 10), count: 2000)
        #expect(delays(shaped("uniform"), count: 2000) == plain)
        #expect(delays(shaped("uniform", correlation: 0), count: 2000) == plain)
        var generator = SplitMix64(seed: 7)
        let formula = (0..<2000).map { _ in Double(100 + Int64(generator.next(upperBound: UInt64(20))) - 10) }
        #expect(plain == formula)
    }

    @Test func uniformMatchesItsClosedForm() {
        // Integer U in [−10, 9] ms: mean −0.5 ms, variance ((2j)² − 1)/12, P(U ≥ 9) = 1/20.
        let x = standardised(delays(LatencyAttributes(latency: 100, jitter: 10)))
        let sd = ((400.0 - 1) / 12).squareRoot() / 10
        #expect(abs(mean(x) + 0.05) < 5 * sd / Double(draws).squareRoot())
        #expect(abs(deviation(x) - sd) < 5 * sd * (0.8 / (4 * Double(draws))).squareRoot())
        #expect(abs(fraction(x, above: 0.85) - 0.05) < NetemReference.fractionBound(0.05, samples: draws))
    }

    @Test func normalMatchesTheStandardNormal() {
        // Mean 0 (the table's −0.00075), deviation 1, 1 % above 2.3263 (plus one table cell of probability).
        let x = standardised(delays(shaped("normal")))
        let table = NetemReference.Moments(NetemReference.normal)
        #expect(abs(mean(x)) < table.meanBound(samples: draws) + 0.00075)
        #expect(abs(deviation(x) - 1) < table.deviationBound(samples: draws) + 0.0001)
        #expect(abs(fraction(x, above: 2.3263) - 0.01) < NetemReference.fractionBound(0.01, samples: draws) + 1 / 4096)
    }

    @Test(arguments: ["pareto", "paretonormal"])
    func paretoShapesMatchNetemsTables(shape: String) {
        let reference = shape == "pareto" ? NetemReference.pareto : NetemReference.paretonormal
        let table = NetemReference.Moments(reference)
        let x = standardised(delays(shaped(shape)))
        #expect(abs(mean(x) - table.mean) < table.meanBound(samples: draws))
        #expect(abs(deviation(x) - table.deviation) < table.deviationBound(samples: draws))
        // The tail above the table's 95th percentile (pareto's top 1 % is clipped to the table's maximum).
        let p95 = Double(reference[4096 * 95 / 100]) / 8192
        let tail = Double(reference.filter { Double($0) / 8192 > p95 }.count) / 4096
        #expect(tail > 0.04)
        #expect(abs(fraction(x, above: p95) - tail) < NetemReference.fractionBound(tail, samples: draws))
    }

    @Test func correlationMakesEachDelayLeanOnThePreviousOne() {
        // netem's generator: lag-1 autocorrelation c (here ½); none without correlation.
        let correlated = delays(shaped("normal", correlation: 0.5))
        let independent = delays(shaped("normal"))
        #expect(abs(autocorrelation(correlated) - 0.5) < 0.03)
        #expect(abs(autocorrelation(independent)) < 5 / Double(draws).squareRoot())
    }

    @Test func orderIsKeptWhenDrawsWouldReorder() {
        // Jitter 100 ms on chunks 1 ms apart: later chunks draw shorter delays, yet none overtakes.
        let spec = ToxicSpec(kind: .latency(LatencyAttributes(latency: 200, jitter: 100, distribution: "pareto")))
        let harness = LinkHarness([spec], seed: 5)
        for step in 0..<500 { harness.send(.bytes([UInt8(truncatingIfNeeded: step)]), at: .milliseconds(Int64(step))) }
        harness.advance(to: .milliseconds(5000))
        #expect(harness.emittedBytes == (0..<500).map { UInt8(truncatingIfNeeded: $0) })
        let times = harness.outputs.map(\.time)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func sameSeedReplaysAndUpdatesRestartTheShape() {
        #expect(delays(shaped("paretonormal", correlation: 0.3), seed: 3, count: 500)
            == delays(shaped("paretonormal", correlation: 0.3), seed: 3, count: 500))
        // An update to another shape re-times held chunks with the new one; no chunk is lost or reordered.
        let harness = LinkHarness([ToxicSpec(kind: .latency(shaped("normal")))], seed: 1)
        for step in 0..<20 { harness.send(bytes: 1, at: .milliseconds(Int64(step))) }
        harness.update("latency_downstream", to: ToxicSpec(kind: .latency(shaped("pareto", correlation: 0.9))),
                       at: .milliseconds(30))
        harness.advance(to: .milliseconds(1000))
        #expect(harness.emittedChunkSizes.count == 20)
    }
}
