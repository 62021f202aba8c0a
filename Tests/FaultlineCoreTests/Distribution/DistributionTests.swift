/// Checks each delay distribution over 100,000 seeded draws: mean, spread and a tail against the expected values.
///
/// Every bound is five standard errors of the statistic for independent draws (`NetemReference`), plus the
/// table's own rounding where noted, so a correct sampler fails a check for a random seed with probability below
/// 1e-6; the seeds are fixed, so the results are also exactly reproducible.
import Testing

@testable import FaultlineCore

/// mu 100 ms, sigma 10 ms, in nanoseconds, as `DatagramLatency` samples them.
private let mu: Int64 = 100_000_000
private let sigma: Int64 = 10_000_000
private let draws = 100_000

/// Draws `count` samples and returns them in units of sigma around mu.
private func standardised(_ shape: Distribution.Shape, correlation: Double = 0, seed: UInt64 = 7) -> [Double] {
    var distribution = Distribution(shape, correlation: correlation)
    var generator = SplitMix64(seed: seed)
    return (0..<draws).map { _ in
        Double(distribution.sample(mu: mu, sigma: sigma, using: &generator) - mu) / Double(sigma)
    }
}

private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

private func deviation(_ values: [Double]) -> Double {
    let m = mean(values)
    return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count)).squareRoot()
}

private func fraction(_ values: [Double], above threshold: Double) -> Double {
    Double(values.filter { $0 > threshold }.count) / Double(values.count)
}

/// Lag-1 autocorrelation.
private func autocorrelation(_ values: [Double]) -> Double {
    let m = mean(values)
    let numerator = zip(values, values.dropFirst()).map { ($0 - m) * ($1 - m) }.reduce(0, +)
    return numerator / values.map { ($0 - m) * ($0 - m) }.reduce(0, +)
}

struct DistributionTests {
    @Test func uniformIsFlatOverMuPlusMinusSigma() {
        // Closed form for U[−1, 1): mean 0, deviation 1/√3, kurtosis 1.8, P(X > 0.9) = 0.05.
        let x = standardised(.uniform)
        #expect(x.allSatisfy { $0 >= -1 && $0 < 1 })
        let sd = 1 / 3.0.squareRoot()
        #expect(abs(mean(x)) < 5 * sd / Double(draws).squareRoot())
        #expect(abs(deviation(x) - sd) < 5 * sd * (0.8 / (4 * Double(draws))).squareRoot())
        #expect(abs(fraction(x, above: 0.9) - 0.05) < NetemReference.fractionBound(0.05, samples: draws))
    }

    @Test func normalMatchesTheStandardNormal() {
        // Closed form: mean 0, deviation 1, P(X > 2.3263) = 1 %. The table adds its −0.00075 mean offset and at
        // most 1/4096 of probability to the tail fraction.
        let x = standardised(.normal)
        let table = NetemReference.Moments(NetemReference.normal)
        #expect(abs(mean(x)) < table.meanBound(samples: draws) + 0.00075)
        #expect(abs(deviation(x) - 1) < table.deviationBound(samples: draws) + 0.0001)
        #expect(abs(fraction(x, above: 2.3263) - 0.01) < NetemReference.fractionBound(0.01, samples: draws) + 1 / 4096)
    }

    @Test(arguments: [Distribution.Shape.pareto, .paretonormal])
    func paretoShapesMatchNetemsTables(shape: Distribution.Shape) {
        // Against the libm-computed table (the capped law has no tidier closed form): its mean and deviation,
        // and the 95th percentile — the value (4/3)(0.05^(−1/3) − 1.5) = 1.619 for pareto, exceeded by 5 %.
        let reference = shape == .pareto ? NetemReference.pareto : NetemReference.paretonormal
        let table = NetemReference.Moments(reference)
        let x = standardised(shape)
        #expect(abs(mean(x) - table.mean) < table.meanBound(samples: draws))
        #expect(abs(deviation(x) - table.deviation) < table.deviationBound(samples: draws))
        let p95 = Double(reference[4096 * 95 / 100]) / 8192
        let tail = Double(reference.filter { Double($0) / 8192 > p95 }.count) / 4096
        #expect(abs(tail - 0.05) < 1.0 / 4096 + 0.0001)
        #expect(abs(fraction(x, above: p95) - tail) < NetemReference.fractionBound(tail, samples: draws))
        #expect(x.min() ?? 0 >= Double(reference[0]) / 8192 - 1e-6)
        #expect(x.max() ?? 0 <= 4.0)
    }

    @Test func correlationCorrelatesAndNarrowsAsNetemsGeneratorDoes() {
        // netem's generator is an EWMA: lag-1 autocorrelation c, spread × √((1−c)/(1+c)) = 0.577 at c = ½. Draws
        // are correlated, so the effective sample count is n(1−c²)/(1+c²) = 60,000: the bounds use that.
        let x = standardised(.uniform, correlation: 0.5)
        let effective = Double(draws) * 0.75 / 1.25
        let sd = 1 / 3.0.squareRoot() * (0.5 / 1.5).squareRoot()
        #expect(abs(autocorrelation(x) - 0.5) < 5 * (0.75 / Double(draws)).squareRoot())
        #expect(abs(mean(x)) < 5 * sd / Double(draws * 1 / 3).squareRoot())
        #expect(abs(deviation(x) / sd - 1) < 5 * (2 / (4 * effective)).squareRoot())
    }

    @Test func netemsModuloIndexingWouldLoseTheCorrelation() {
        // The departure documented on `Distribution`: netem picks `table[value % 4096]`, the low bits, where the
        // average leaves no trace of the previous value; the high bits keep it.
        var source = CorrelatedUniform(correlation: 0.5)
        var generator = SplitMix64(seed: 3)
        let values = (0..<draws).map { _ in source.next(using: &generator) }
        let low = values.map { Double($0 % 4096) }
        let high = values.map { Double($0 >> 20) }
        #expect(abs(autocorrelation(low)) < 5 / Double(draws).squareRoot())
        #expect(autocorrelation(high) > 0.45)
    }

    @Test func fullCorrelationFreezesTheValue() {
        let x = standardised(.normal, correlation: 1)
        #expect(Set(x).count == 1)
    }

    @Test func zeroSigmaReturnsMuWithoutADraw() {
        var distribution = Distribution(.normal)
        var generator = SplitMix64(seed: 9)
        #expect(distribution.sample(mu: 42, sigma: 0, using: &generator) == 42)
        #expect(generator.state == SplitMix64(seed: 9).state)
    }

    @Test func sameSeedReplaysDifferentSeedDiffers() {
        for shape in Distribution.Shape.allCases {
            let first = standardised(shape, correlation: 0.25, seed: 11)
            #expect(first == standardised(shape, correlation: 0.25, seed: 11))
            #expect(standardised(shape, seed: 11) != standardised(shape, seed: 12))
        }
    }

    @Test func extremeValuesSaturateInsteadOfTrapping() {
        var generator = SplitMix64(seed: 1)
        for shape in Distribution.Shape.allCases {
            var distribution = Distribution(shape)
            for (m, s) in [(Int64.max, Int64.max), (Int64.min, Int64.max), (0, Int64.min), (Int64.max, 1)] {
                _ = distribution.sample(mu: m, sigma: s, using: &generator)
            }
        }
    }
}
