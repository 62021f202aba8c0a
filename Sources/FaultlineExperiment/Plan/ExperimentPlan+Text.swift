/// The resolved plan as text, for `--dry-run` and for the start of a run: offsets, targets, toxic names.
import FaultlineCore

extension ExperimentPlan {
    /// One line per probe, fault and toxic, with absolute offsets from t0.
    public var summary: String {
        var lines = [
            "plan  seed \(seed)  run \(runID)  gate at +\(ReportText.seconds(gateOffset, places: 3))s"
                + "  maxDuration \(ExperimentDuration.format(maxDuration))"
        ]
        let probeWidth = (probes.map(\.name.count).max() ?? 0) + 2
        for probe in probes {
            let target: String
            switch probe.spec.kind {
            case .tcp(let tcp): target = "tcp \(tcp.address)"
            case .http(let http): target = "http \(http.method) \(http.url)"
            case .command(let command): target = "command \(command.argv.joined(separator: " "))"
            }
            lines.append(
                "probe \(pad(probe.name, probeWidth))every \(ExperimentDuration.format(probe.spec.every))"
                    + "  phase +\(ReportText.seconds(probe.phase, places: 3))s  \(target)"
            )
        }
        let faultWidth = (faults.map(\.name.count).max() ?? 0) + 2
        for (index, fault) in faults.enumerated() {
            let window =
                "+\(ReportText.seconds(fault.start, places: 3))s → +\(ReportText.seconds(fault.end, places: 3))s"
            let effect = ReportText.effect(of: file.faults[index].action)
            lines.append(
                "fault \(pad(fault.name, faultWidth))\(window)  \(fault.proxies.joined(separator: ","))  \(effect)"
            )
            if isFleet {
                lines.append("      on \(fault.instances.map { instances[$0].admin }.joined(separator: ", "))")
            }
            if case .toxics(let toxics) = fault.change {
                for toxic in toxics {
                    let place = isFleet ? " at \(instances[toxic.instance].admin)" : ""
                    lines.append(
                        "      toxic \(toxic.name) on \(toxic.proxy)\(place) \(toxic.stream.rawValue) seed \(toxic.seed)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}
