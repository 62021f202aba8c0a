/// The run-wide instants every chart marks with a vertical line: a halt, a stopping signal, the rollback's end.

struct TimeMarker: Equatable {
    /// Also the SVG class, which the print style and the legend use.
    enum Kind: String {
        case halt, signal, rollback
    }

    var kind: Kind
    var ms: Int64
    var label: String

    static func markers(_ report: ExperimentReport) -> [TimeMarker] {
        var markers: [TimeMarker] = []
        if let halt = report.halt {
            let label = halt.reason == "condition" ? "halt" : "halt: \(halt.reason)"
            markers.append(TimeMarker(kind: .halt, ms: halt.haltedAtMs, label: label))
        }
        if let interruption = report.interruption {
            markers.append(TimeMarker(kind: .signal, ms: interruption.atMs, label: interruption.signal.rawValue))
        }
        if let done = report.halt?.rollbackCompletedAtMs ?? report.rollback?.completedAtMs {
            markers.append(TimeMarker(kind: .rollback, ms: done, label: "rolled back"))
        }
        return markers
    }
}
