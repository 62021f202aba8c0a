/// A seeded sampler of netem's delay distributions: `mu` ± `sigma` shaped uniform, normal, pareto or paretonormal.
///
/// Semantics follow `tabledist()` in the kernel's sch_netem.c, in whatever unit the caller uses (nanoseconds for
/// delays): sigma 0 returns mu without a draw; otherwise one value from `CorrelatedUniform` picks
/// - uniform: mu − sigma + ⌊value·2·sigma / 2³²⌋, flat over [mu − sigma, mu + sigma) (standard deviation sigma/√3);
/// - a table shape: entry t of its 4096 (`DistributionTables`), giving mu + round(sigma·t/8192), rounded half away
///   from zero as netem does (standard deviation ≈ sigma for normal; see the tables for pareto's).
/// A negative sigma counts as its magnitude (netem stores |jitter|). Results saturate instead of overflowing.
///
/// One deliberate departure: netem indexes with `value % n`, which keeps only the value's low bits. The correlated
/// generator's averaging lives in the high bits, so in netem a delay correlation below ~0.99 has almost no effect
/// on the delays (`DistributionTests` shows it). This sampler indexes with the high bits — the same distribution
/// when uncorrelated — so that `correlation` correlates, and inherits the generator's narrowing (see
/// `CorrelatedUniform`).
public struct Distribution: Equatable, Sendable {
    /// netem's distribution names.
    public enum Shape: String, CaseIterable, Equatable, Sendable {
        case uniform, normal, pareto, paretonormal

        /// The inverse-CDF table, or nil for uniform (computed arithmetically).
        var table: [Int16]? {
            switch self {
            case .uniform: nil
            case .normal: DistributionTables.normal
            case .pareto: DistributionTables.pareto
            case .paretonormal: DistributionTables.paretonormal
            }
        }
    }

    public let shape: Shape
    public private(set) var source: CorrelatedUniform

    public init(_ shape: Shape, correlation: Double = 0) {
        self.shape = shape
        self.source = CorrelatedUniform(correlation: correlation)
    }

    /// One value around `mu` with spread `sigma`.
    public mutating func sample(mu: Int64, sigma: Int64, using generator: inout SplitMix64) -> Int64 {
        guard sigma != 0 else { return mu }
        let spread = sigma.magnitude
        let value = source.next(using: &generator)
        guard let table = shape.table else {
            // ⌊value · 2σ / 2³²⌋ without overflow: 2σ < 2⁶⁴ and value < 2³², so the product fits in 96 bits.
            let product = UInt64(value).multipliedFullWidth(by: 2 &* min(spread, UInt64(Int64.max)))
            let offset = (product.high << 32) | (product.low >> 32)
            return Self.saturatingAdd(Self.saturatingAdd(mu, -Int64(clamping: spread)), Int64(clamping: offset))
        }
        let entry = Int64(table[Int(value >> 20)])  // the top 12 bits: 4096 entries
        return Self.saturatingAdd(mu, Self.scaled(spread, by: entry))
    }

    /// round(sigma · entry / 8192), halves away from zero, split as netem splits it so sigma up to 2⁶³ fits.
    static func scaled(_ sigma: UInt64, by entry: Int64) -> Int64 {
        let scale = UInt64(DistributionTables.scale)
        let whole = Int64(clamping: sigma / scale).multipliedReportingOverflow(by: entry)
        guard !whole.overflow else { return entry < 0 ? .min : .max }
        // |remainder · entry| < 8192 · 32768 = 2²⁸: no overflow.
        let part = Int64(sigma % scale) * entry
        let rounded = (part >= 0 ? part + Int64(scale / 2) : part - Int64(scale / 2)) / Int64(scale)
        return saturatingAdd(whole.partialValue, rounded)
    }

    static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }
}
