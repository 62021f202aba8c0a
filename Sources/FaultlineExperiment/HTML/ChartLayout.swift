/// The geometry of one probe's chart: fault labels, a latency panel, an error-rate panel, the time axis, the notes.

/// Time runs left to right over the whole run (0 to `durationMs`); both panels share it.
struct ChartLayout: Equatable {
    static let width = 960.0
    /// Room for the value labels on the left.
    static let left = 64.0
    static let right = 24.0
    /// One row of fault names above the panels; overlapping faults take more rows.
    static let laneHeight = 14.0
    static let latencyHeight = 200.0
    static let gap = 16.0
    static let errorHeight = 70.0
    /// The time labels under the error panel, then one row each for the time to detect and to recover.
    static let axisLabels = 18.0
    static let annotationRow = 18.0

    let durationMs: Int64
    let lanes: Int

    var plotWidth: Double { Self.width - Self.left - Self.right }
    var plotRight: Double { Self.left + plotWidth }
    var latencyTop: Double { 8 + Double(lanes) * Self.laneHeight }
    var latencyBottom: Double { latencyTop + Self.latencyHeight }
    var errorTop: Double { latencyBottom + Self.gap }
    var errorBottom: Double { errorTop + Self.errorHeight }
    var axisLabelY: Double { errorBottom + 14 }
    var detectionRowY: Double { errorBottom + Self.axisLabels + 14 }
    var recoveryRowY: Double { detectionRowY + Self.annotationRow }
    var height: Double { recoveryRowY + 10 }

    /// Where an offset from t0 falls; offsets outside the run are pinned to its edges.
    func x(_ ms: Int64) -> Double {
        let clamped = min(max(ms, 0), durationMs)
        return Self.left + plotWidth * Double(clamped) / Double(max(durationMs, 1))
    }

    /// The height of a latency on an axis from 0 to `top` ms.
    func latencyY(_ ms: Int64, top: Int64) -> Double {
        latencyBottom - Self.latencyHeight * Double(min(ms, top)) / Double(max(top, 1))
    }

    /// The height of an error rate in [0, 1].
    func errorY(_ rate: Double) -> Double { errorBottom - Self.errorHeight * min(max(rate, 0), 1) }

    /// Milliseconds of run that `pixels` of width stand for (to keep labels from overlapping).
    func milliseconds(forWidth pixels: Double) -> Int64 {
        Int64((pixels / plotWidth * Double(max(durationMs, 1))).rounded(.up))
    }
}
