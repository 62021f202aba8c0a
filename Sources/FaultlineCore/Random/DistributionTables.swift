/// netem's inverse-CDF tables for normal, pareto and paretonormal, generated here at first use (never copied).
///
/// iproute2 ships each shape as 4096 signed 16-bit entries: the distribution's quantiles at evenly spaced
/// probabilities, in units of 1/8192 (`NETEM_DIST_SCALE`), sorted ascending; the kernel picks one entry per packet
/// and scales it by sigma. These are computed from the same definitions as iproute2's `netem/normal.c`,
/// `pareto.c` and `paretonormal.c` (the NIST Net generators):
/// - normal: entry k is Φ⁻¹((4k + ½)/16384)·8192, rounded; entry 0 (−4.01) is clamped to −32768 as the 16-bit
///   format forces. (normal.c keeps every 4th of 16384 cells, a quarter-cell below their midpoints, so the table's
///   mean is −0.00075, not 0; its standard deviation is 1.00005.)
/// - pareto: α = 3, x_m = 1, shifted and scaled to mean 0 and unit spread before truncation:
///   (u^(−1/3) − 1.5)·4/3 at u = 1 − k/4096, rounded, capped at 32767 (≈ 4.0). The cap cuts the top 44 entries
///   (1.1 %) and the grid stops at u = 1/4096, so the table's mean is −0.0335 and its standard deviation 0.820, not
///   0 and 1.155 as for the untruncated law (whose variance is α/((α−1)²(α−2))·16/9 = 4/3).
/// - paretonormal: (normal + 3·pareto)/4 entry by entry (truncating), the normal entry taken before its clamp: a
///   quarter normal and three quarters pareto, mixed quantile by quantile (mean −0.0253, deviation 0.834).
/// Checked against iproute2's generators (compiled and run, not copied): pareto matches entry for entry; normal
/// differs in 859 of 4096 entries and paretonormal in 200, each by one step (1/8192 of sigma), because normal.c
/// inverts Φ on a 0.00005 grid and so rounds each quantile down by up to 0.4 step.
enum DistributionTables {
    /// Entries per table, as iproute2 generates them.
    static let size = 4096
    /// netem's fixed point: an entry of 8192 is one sigma.
    static let scale: Int64 = 8192

    static let normal: [Int16] = (0..<size).map { clamp(normalEntry($0)) }
    static let pareto: [Int16] = (0..<size).map { clamp(paretoEntry($0)) }
    static let paretonormal: [Int16] = (0..<size).map { clamp((normalEntry($0) + 3 * paretoEntry($0)) / 4) }

    /// Φ⁻¹ at the k-th of netem's probabilities, scaled and rounded, before the 16-bit clamp.
    static func normalEntry(_ k: Int) -> Int {
        let p = (4 * Double(k) + 0.5) / 16384
        return Int((PureMath.inverseNormalCDF(p) * Double(scale)).rounded(.toNearestOrEven))
    }

    /// The k-th Pareto quantile from the top, scaled, capped and rounded as pareto.c does.
    static func paretoEntry(_ k: Int) -> Int {
        let u = Double(65536 - 16 * k) / 65536
        let value = min((PureMath.cubeRootOfReciprocal(u) - 1.5) * (4.0 / 3.0 * Double(scale)), 32767)
        return Int(value.rounded(.toNearestOrEven))
    }

    static func clamp(_ value: Int) -> Int16 {
        Int16(clamping: value)
    }
}
