/// Independent references for the distribution tests: netem's tables and moments recomputed with Glibc's libm.
import Glibc

/// iproute2's table definitions (netem/normal.c, pareto.c, paretonormal.c) evaluated with libm's `erfc` and `pow`,
/// so the core's libm-free tables are checked against a second implementation, not against themselves.
enum NetemReference {
    /// Φ⁻¹(p) by bisection on Φ(x) = erfc(−x/√2)/2: slow and exact to the last bits.
    static func inverseNormal(_ p: Double) -> Double {
        var low = -12.0
        var high = 12.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if 0.5 * erfc(-middle / 2.0.squareRoot()) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    static func normalEntry(_ k: Int) -> Int {
        Int((inverseNormal((4 * Double(k) + 0.5) / 16384) * 8192).rounded(.toNearestOrEven))
    }

    static func paretoEntry(_ k: Int) -> Int {
        let u = Double(65536 - 16 * k) / 65536
        return Int(min((1 / pow(u, 1.0 / 3) - 1.5) * (4.0 / 3.0 * 8192), 32767).rounded(.toNearestOrEven))
    }

    static let normal: [Int] = (0..<4096).map { min(max(normalEntry($0), -32768), 32767) }
    static let pareto: [Int] = (0..<4096).map(paretoEntry)
    static let paretonormal: [Int] = (0..<4096).map { (normalEntry($0) + 3 * paretoEntry($0)) / 4 }

    /// The moments of a table in units of sigma: what a long run of uncorrelated samples converges to.
    struct Moments {
        var mean: Double
        var deviation: Double
        /// E[(X − mean)⁴] / variance²: sets how fast the sample deviation converges.
        var kurtosis: Double

        init(_ table: [Int]) {
            let values = table.map { Double($0) / 8192 }
            let average = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(values.count)
            let fourth = values.map { pow($0 - average, 4) }.reduce(0, +) / Double(values.count)
            mean = average
            deviation = variance.squareRoot()
            kurtosis = fourth / (variance * variance)
        }

        /// Five standard errors of the mean of n independent samples, in units of sigma.
        func meanBound(samples n: Int) -> Double { 5 * deviation / Double(n).squareRoot() }

        /// Five standard errors of the sample standard deviation, in units of sigma: sd·√((κ − 1)/(4n)).
        func deviationBound(samples n: Int) -> Double {
            5 * deviation * ((kurtosis - 1) / (4 * Double(n))).squareRoot()
        }
    }

    /// Five standard errors of an observed fraction with expected value p over n samples.
    static func fractionBound(_ p: Double, samples n: Int) -> Double { 5 * (p * (1 - p) / Double(n)).squareRoot() }
}
