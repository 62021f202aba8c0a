/// The few transcendental functions the distribution tables need, in pure Swift: the core imports no libm.
///
/// Swift's standard library on Linux offers `squareRoot()` and rounding but no `log`, `exp` or `pow` (those come
/// from Glibc or Foundation, which FaultlineCore may not import). The tables are built once, at first use, and
/// then rounded to netem's 1/8192 steps, so these aim for a few ulps (`log`, `cubeRootOfReciprocal`: under 1e-14
/// relative) and 1.2e-9 (`inverseNormalCDF`): far below what the rounding keeps. `PureMathTests` checks them
/// against Glibc.
enum PureMath {
    static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// ln(x) for positive finite x: x = m·2^e with m in [√½, √2), and ln m = 2·atanh(s), s = (m−1)/(m+1), whose
    /// series in s² (|s| ≤ 0.172, so each term is < 3 % of the previous) converges in about a dozen terms.
    static func log(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == 0 ? -.infinity : (x == .infinity ? .infinity : .nan) }
        var exponent = Double(x.exponent)
        var mantissa = x.significand
        if mantissa > 2.0.squareRoot() {
            mantissa /= 2
            exponent += 1
        }
        let s = (mantissa - 1) / (mantissa + 1)
        let s2 = s * s
        var power = s
        var sum = 0.0
        var divisor = 1.0
        for _ in 0..<40 {
            let next = sum + power / divisor
            if next == sum { break }
            sum = next
            power *= s2
            divisor += 2
        }
        return 2 * sum + exponent * ln2
    }

    /// u^(−1/3) for u in (0, 1]: Newton's method on u·y³ = 1 from above, where the iteration falls monotonically
    /// (the function is convex), so it stops exactly when a step no longer lowers y.
    static func cubeRootOfReciprocal(_ u: Double) -> Double {
        guard u > 0, u.isFinite else { return u == 0 ? .infinity : .nan }
        // 1 + v/3 ≥ v^(1/3) for v = 1/u ≥ 1: true at v = 1, and the left side grows faster from there.
        var y = 1 + 1 / (3 * u)
        for _ in 0..<200 {
            let next = y - (u * y * y * y - 1) / (3 * u * y * y)
            if !(next < y) { break }
            y = next
        }
        return y
    }

    /// Φ⁻¹(p), the standard normal quantile, for p in (0, 1): Acklam's rational approximations (a central one and
    /// one for each tail below 0.02425), relative error under 1.15e-9. Peter J. Acklam, "An algorithm for computing
    /// the inverse normal cumulative distribution function" (2003).
    static func inverseNormalCDF(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p == 0 ? -.infinity : (p == 1 ? .infinity : .nan) }
        let low = 0.02425
        if p < low { return tail(p) }
        if p > 1 - low { return -tail(1 - p) }
        let q = p - 0.5
        let r = q * q
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                 -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                 -1.328068155288572e+01, 1]
        return horner(a, r) * q / horner(b, r)
    }

    /// The lower tail of `inverseNormalCDF` (p < 0.02425).
    private static func tail(_ p: Double) -> Double {
        let q = (-2 * log(p)).squareRoot()
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00, 1]
        return horner(c, q) / horner(d, q)
    }

    /// The polynomial with `coefficients` (highest power first) at x.
    private static func horner(_ coefficients: [Double], _ x: Double) -> Double {
        coefficients.reduce(0) { $0 * x + $1 }
    }
}
