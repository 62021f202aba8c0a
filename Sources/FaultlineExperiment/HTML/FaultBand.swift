/// A fault's active window as a shaded band, with a row for its name so that overlapping faults stay readable.

struct FaultBand: Equatable {
    var name: String
    var effect: String
    var fromMs: Int64
    var toMs: Int64
    /// The row of its name above the panels.
    var lane: Int
    /// Neighbouring bands alternate hatch directions, so that overlaps are told apart without colour.
    var pattern: Int

    /// About how wide a character of a label is, in pixels (the charts use an 11px sans-serif).
    static let characterWidth = 6.5

    /// The injected faults of `report`, in injection order; a fault still injected at the end runs to the end.
    /// Each name takes the first row whose previous name (and band) ends before it starts.
    static func layout(_ report: ExperimentReport) -> [FaultBand] {
        let injected = report.faults.compactMap { fault -> (FaultRecord, Int64)? in
            fault.injectedAtMs.map { (fault, $0) }
        }.sorted { $0.1 < $1.1 }
        let geometry = ChartLayout(durationMs: report.durationMs, lanes: 0)
        var laneEnds: [Int64] = []
        var bands: [FaultBand] = []
        for (index, (fault, from)) in injected.enumerated() {
            let to = max(from, fault.removedAtMs ?? report.durationMs)
            let labelEnd = from + geometry.milliseconds(forWidth: Double(fault.name.count + 1) * characterWidth)
            let end = max(to, labelEnd)
            let lane = laneEnds.firstIndex { $0 <= from } ?? laneEnds.count
            if lane == laneEnds.count { laneEnds.append(end) } else { laneEnds[lane] = end }
            bands.append(
                FaultBand(
                    name: fault.name, effect: fault.effect, fromMs: from, toMs: to, lane: lane, pattern: index % 2))
        }
        return bands
    }
}
