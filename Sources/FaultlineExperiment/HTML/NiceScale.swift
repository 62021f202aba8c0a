/// Axis ranges with round numbers: a latency axis that ends on 1, 2, 2.5 or 5 × 10ⁿ ms, and time ticks in seconds.

/// A value axis from zero to `top` with ticks every `step`; `top` is always above the largest value drawn.
struct NiceScale: Equatable {
    /// When there is nothing to draw, the axis still needs a range.
    static let emptyMaximum: Int64 = 100
    /// Steps are chosen so that the axis has at most this many intervals.
    static let maxIntervals: Int64 = 6

    let step: Int64
    let top: Int64

    /// The smallest round step for which `maximum` fits under at most `maxIntervals` steps, with the top strictly
    /// above `maximum` so the highest point never sits on the frame.
    init(maximum: Int64) {
        let value = maximum > 0 ? maximum : Self.emptyMaximum
        var magnitude: Int64 = 1
        var found = (step: value, top: 2 * value)
        search: while magnitude <= Int64.max / 100 {
            // 1, 2, 2.5 (from 25 up, so steps stay whole milliseconds) and 5 times the magnitude.
            let candidates = [magnitude, 2 * magnitude] + (magnitude >= 10 ? [magnitude * 5 / 2] : []) + [5 * magnitude]
            for candidate in candidates where value / candidate + 1 <= Self.maxIntervals {
                found = (candidate, (value / candidate + 1) * candidate)
                break search
            }
            magnitude *= 10
        }
        step = found.step
        top = found.top
    }

    /// 0, step, 2·step, … top.
    var ticks: [Int64] { Array(stride(from: 0, through: top, by: Int(step)).map { Int64($0) }) }
}

/// Time ticks for a run of `durationMs`: a round number of seconds apart, at most about ten of them.
enum TimeTicks {
    static let stepsSeconds: [Int64] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200]

    /// The tick step in milliseconds.
    static func step(durationMs: Int64) -> Int64 {
        let seconds = stepsSeconds.first { durationMs / ($0 * 1000) <= 10 } ?? 86400
        return seconds * 1000
    }

    /// Tick offsets from 0 through the duration.
    static func ticks(durationMs: Int64) -> [Int64] {
        let step = step(durationMs: durationMs)
        return Array(stride(from: Int64(0), through: max(0, durationMs), by: Int(step)))
    }

    /// `0s`, `45s`, `2m`, `1m30s`.
    static func label(_ ms: Int64) -> String {
        let seconds = ms / 1000
        guard seconds >= 60 else { return "\(seconds)s" }
        let rest = seconds % 60
        return "\(seconds / 60)m" + (rest == 0 ? "" : "\(rest)s")
    }
}
