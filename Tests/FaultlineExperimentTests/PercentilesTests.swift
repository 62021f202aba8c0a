/// Nearest-rank percentiles and sample statistics: empty, one sample, all timeouts, ties, the insufficient rule.
import FaultlineCore
import Testing

@testable import FaultlineExperiment

private func ms(_ values: [Int64]) -> [Duration] { values.map { .milliseconds($0) } }

@Suite struct PercentilesTests {
    @Test func emptyHasNoPercentile() {
        for percent in [0, 50, 95, 99, 100] { #expect(Percentiles.nearestRank([], percent: percent) == nil) }
    }

    @Test func oneSampleIsEveryPercentile() {
        for percent in [0, 1, 50, 95, 99, 100] {
            #expect(Percentiles.nearestRank(ms([7]), percent: percent) == .milliseconds(7))
        }
    }

    /// Rank ⌈p·n/100⌉: for 1…100 the p-th percentile is p; for 10 values p95 and p99 are the maximum.
    @Test func ranksAreNearestRankNotInterpolated() {
        let hundred = ms(Array(1...100))
        #expect(Percentiles.nearestRank(hundred, percent: 50) == .milliseconds(50))
        #expect(Percentiles.nearestRank(hundred, percent: 95) == .milliseconds(95))
        #expect(Percentiles.nearestRank(hundred, percent: 99) == .milliseconds(99))
        #expect(Percentiles.nearestRank(hundred, percent: 100) == .milliseconds(100))
        let ten = ms([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
        #expect(Percentiles.nearestRank(ten, percent: 50) == .milliseconds(50))
        #expect(Percentiles.nearestRank(ten, percent: 95) == .milliseconds(100))
        #expect(Percentiles.nearestRank(ms([1, 2, 3, 4]), percent: 50) == .milliseconds(2))
        #expect(Percentiles.nearestRank(ms([1, 2, 3, 4, 5]), percent: 50) == .milliseconds(3))
        #expect(Percentiles.nearestRank(ms([1, 2, 3]), percent: 0) == .milliseconds(1))
    }

    @Test func tiesReturnTheTiedValue() {
        let values = ms([5, 5, 5, 5, 9])
        #expect(Percentiles.nearestRank(values, percent: 50) == .milliseconds(5))
        #expect(Percentiles.nearestRank(values, percent: 80) == .milliseconds(5))
        #expect(Percentiles.nearestRank(values, percent: 81) == .milliseconds(9))
    }

    @Test func timeoutsCountAtTheTimeoutAndFastErrorsHaveNoLatency() {
        let probe = ProbeSpec(name: "p", kind: .tcp(TCPProbe(address: "h:1", host: "h", port: 1)), timeout: .seconds(2))
        let results: [ProbeResult] = [
            .success(latency: .milliseconds(10)), .timedOut, .timedOut, .timedOut, .timedOut,
            .failure(reason: "refused", latency: nil), .success(latency: .seconds(3)),
        ]
        let samples = results.map { Sample($0, probe: probe, endedAt: .zero) }
        #expect(samples.map(\.outcome) == [.ok, .timeout, .timeout, .timeout, .timeout, .error, .timeout])
        let stats = SampleStats(samples)
        #expect(stats.samples == 7 && stats.ok == 1 && stats.timeouts == 5 && stats.errors == 1)
        #expect(stats.p50 == .seconds(2))
        #expect(stats.p99 == .seconds(2))
        #expect(stats.max == .seconds(2))
        #expect(stats.successRate == 1.0 / 7.0)
    }

    @Test func allTimeoutsGiveTheTimeoutAndZeroSuccess() {
        let probe = ProbeSpec(name: "p", kind: .tcp(TCPProbe(address: "h:1", host: "h", port: 1)), timeout: .seconds(1))
        let stats = SampleStats((0..<6).map { _ in Sample(.timedOut, probe: probe, endedAt: .zero) })
        #expect(stats.successRate == 0)
        #expect(stats.errorRate == 1)
        for statistic in LatencyStatistic.allCases { #expect(stats.value(statistic) == .seconds(1)) }
    }

    @Test func slowSamplesKeepTheirLatencyAndFail() {
        let probe = ProbeSpec(
            name: "p", kind: .tcp(TCPProbe(address: "h:1", host: "h", port: 1)), timeout: .seconds(2),
            maxLatency: .milliseconds(500)
        )
        let slow = Sample(.success(latency: .milliseconds(700)), probe: probe, endedAt: .zero)
        #expect(slow.outcome == .slow && slow.latency == .milliseconds(700))
        let edge = Sample(.success(latency: .milliseconds(500)), probe: probe, endedAt: .zero)
        #expect(edge.outcome == .ok)
        let badStatus = Sample(.failure(reason: "503", latency: .seconds(5)), probe: probe, endedAt: .zero)
        #expect(badStatus.outcome == .error && badStatus.latency == .seconds(2))
    }

    @Test func fewerThanFiveLatenciesAreInsufficient() {
        let probe = ProbeSpec(name: "p", kind: .tcp(TCPProbe(address: "h:1", host: "h", port: 1)))
        let four = SampleStats(
            (0..<4).map { _ in Sample(.success(latency: .milliseconds(3)), probe: probe, endedAt: .zero) })
        #expect(four.p50 == nil && four.max == nil)
        #expect(four.successRate == 1)
        // Fast failures count as samples but not as latencies.
        var mixed = (0..<4).map { _ in Sample(.success(latency: .milliseconds(3)), probe: probe, endedAt: .zero) }
        mixed.append(Sample(.failure(reason: "refused", latency: nil), probe: probe, endedAt: .zero))
        #expect(SampleStats(mixed).p50 == nil)
        #expect(SampleStats([]).successRate == nil)
    }

    @Test func insufficientNeverMeetsAToleranceNorTripsAHalt() {
        let check = CheckSpec(probe: "p", rate: .minSuccessRate(0.5), latency: [LatencyBound(.p95, .seconds(1))])
        let outcomes = check.evaluate(SampleStats())
        #expect(outcomes.map(\.met) == [false, false])
        #expect(outcomes.allSatisfy { !$0.isViolation })
        #expect(outcomes.map(\.observed) == [nil, nil])
    }

    @Test(
        arguments: [
            (8, 10, 0.8, 0.2, true), (7, 10, 0.8, 0.2, false), (10, 10, 1.0, 0.0, true), (0, 3, 0.0, 1.0, true),
            (0, 3, 0.01, 0.99, false),
        ] as [(Int, Int, Double, Double, Bool)])
    func rateBoundsAreInclusive(ok: Int, total: Int, minSuccess: Double, maxError: Double, met: Bool) {
        var stats = SampleStats()
        stats.samples = total
        stats.ok = ok
        #expect(CheckSpec(probe: "p", rate: .minSuccessRate(minSuccess)).evaluate(stats).map(\.met) == [met])
        #expect(CheckSpec(probe: "p", rate: .maxErrorRate(maxError)).evaluate(stats).map(\.met) == [met])
    }

    @Test func errorRateComparesExactly() {
        var stats = SampleStats()
        stats.samples = 10
        stats.ok = 8
        // 2/10 must equal 0.2 exactly, not 1 − 0.8 = 0.19999999999999996.
        #expect(CheckSpec(probe: "p", rate: .maxErrorRate(0.2)).evaluate(stats).map(\.met) == [true])
        stats.ok = 7
        #expect(CheckSpec(probe: "p", rate: .maxErrorRate(0.2)).evaluate(stats).map(\.isViolation) == [true])
    }
}
