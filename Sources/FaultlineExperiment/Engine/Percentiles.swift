/// Nearest-rank percentiles, the method the report states: an actual sample value, never an interpolation.

public enum Percentiles {
    /// The value at 1-based rank ⌈percent/100 · n⌉ of `sorted` (ascending); nil when there are no values.
    /// `percent` 100 is the maximum; ranks below 1 are raised to 1.
    public static func nearestRank(_ sorted: [Duration], percent: Int) -> Duration? {
        guard !sorted.isEmpty else { return nil }
        let clamped = min(max(percent, 0), 100)
        let rank = max(1, (clamped * sorted.count + 99) / 100)
        return sorted[min(rank, sorted.count) - 1]
    }
}
