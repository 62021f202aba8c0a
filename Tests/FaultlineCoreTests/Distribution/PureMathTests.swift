/// Pins the core's libm-free log, cube root and normal quantile against Glibc's.
import Glibc
import Testing

@testable import FaultlineCore

struct PureMathTests {
    @Test func logMatchesLibmToTheLastBits() {
        var values: [Double] = [1, 2, 0.5, 10, 1e-300, 1e300, 3.0517578125e-5, 0.999_999, 1.000_001, 2.0.squareRoot()]
        var generator = SplitMix64(seed: 1)
        for _ in 0..<10_000 { values.append(Double(sign: .plus, exponent: Int(generator.next() % 200) - 100,
                                                   significand: 1 + generator.nextUnitDouble())) }
        for x in values {
            let expected = Glibc.log(x)
            // Two ulps of the result, or 1e-16 absolute near ln 1 = 0 where ulps vanish.
            #expect(abs(PureMath.log(x) - expected) <= max(2 * expected.ulp, 1e-16), "log(\(x))")
        }
        #expect(PureMath.log(0) == -.infinity)
        #expect(PureMath.log(-1).isNaN)
    }

    @Test func cubeRootOfReciprocalMatchesLibm() {
        for k in 0..<4096 {
            let u = Double(65536 - 16 * k) / 65536
            // Newton stops once rounding hides the residual, a few ulps out; the tables need 1e-9.
            let expected = 1 / cbrt(u)
            #expect(abs(PureMath.cubeRootOfReciprocal(u) / expected - 1) < 1e-14, "u = \(u)")
        }
    }

    @Test func inverseNormalMatchesBisectionOnErfc() {
        // Acklam's stated relative error is 1.15e-9; over netem's probabilities |x| ≤ 4.01, so 5e-9 absolute.
        var worst = 0.0
        for k in 0..<4096 {
            let p = (4 * Double(k) + 0.5) / 16384
            worst = max(worst, abs(PureMath.inverseNormalCDF(p) - NetemReference.inverseNormal(p)))
        }
        #expect(worst < 5e-9)
        #expect(abs(PureMath.inverseNormalCDF(0.975) - 1.959_963_984_540_054) < 3e-9)
        #expect(PureMath.inverseNormalCDF(0.5) == 0)
    }
}
