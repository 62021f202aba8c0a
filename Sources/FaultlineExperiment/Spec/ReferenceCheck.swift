/// The cross-field rules of an experiment file: references to probes, bounds against timeouts, the timeline.

/// Checks what no single field can: each rule names every field involved.
struct ReferenceCheck {
    let probes: [ProbeSpec]
    let declaredProbes: [String]

    /// Tolerances and halts must name a declared probe, and their latency bounds must stay below its timeout.
    func check(_ tolerances: [(Int, CheckSpec)], halts: [(Int, HaltSpec)], issues: inout IssueList) {
        let tolerancePath = JSONPath("steadyState.tolerances")
        for (index, check) in tolerances { self.check(check, at: tolerancePath.index(index), issues: &issues) }
        for (index, halt) in halts { check(halt.check, at: JSONPath("halt").index(index), issues: &issues) }
    }

    private func check(_ check: CheckSpec, at path: JSONPath, issues: inout IssueList) {
        guard declaredProbes.contains(where: { $0.isBytewiseEqual(to: check.probe) }) else {
            issues.add(path.key("probe"), "no probe named \"\(check.probe)\" in probes")
            return
        }
        guard let probe = probes.first(where: { $0.name.isBytewiseEqual(to: check.probe) }) else { return }
        for bound in check.latency where bound.limit >= probe.timeout {
            issues.add(
                path.key(bound.statistic.rawValue),
                "\(ExperimentDuration.format(bound.limit)) is not below probes.\(probe.name).timeout "
                    + "(\(ExperimentDuration.format(probe.timeout))): timeouts count at the timeout value, "
                    + "so this bound could never be exceeded"
            )
        }
    }

    /// Faults start after the baseline, have unique names and toxic names, and end before `maxDuration`.
    func check(
        faults: [(Int, FaultSpec)], baseline: Duration?, maxDuration: Duration?, issues: inout IssueList
    ) {
        for (position, entry) in faults.enumerated() {
            let (index, fault) = entry
            let path = JSONPath("faults").index(index)
            if let baseline, fault.start.earliest < baseline {
                let field = if case .between = fault.start { path.key("at").key("min") } else { path.key("at") }
                issues.add(
                    field,
                    "\(ExperimentDuration.format(fault.start.earliest)) is before the end of steadyState.baseline "
                        + "(\(ExperimentDuration.format(baseline))); faults start after the baseline"
                )
            }
            if let maxDuration, fault.start.latest + fault.duration >= maxDuration {
                issues.add(
                    JSONPath("maxDuration"),
                    "\(ExperimentDuration.format(maxDuration)) does not leave room for faults[\(index)] to end "
                        + "(up to \(ExperimentDuration.format(fault.start.latest + fault.duration)))"
                )
            }
            for (earlierIndex, earlier) in faults.prefix(position) {
                clash(fault, at: path, with: earlier, index: earlierIndex, issues: &issues)
            }
        }
    }

    /// Two faults clash on a name, or on a toxic name over a proxy both could pick.
    private func clash(
        _ fault: FaultSpec, at path: JSONPath, with earlier: FaultSpec, index: Int, issues: inout IssueList
    ) {
        if fault.name.isBytewiseEqual(to: earlier.name) {
            issues.add(path.key("name"), "\"\(fault.name)\" is also the name of faults[\(index)]")
            return
        }
        let shared = fault.proxies.filter { proxy in earlier.proxies.contains { $0.isBytewiseEqual(to: proxy) } }
        guard let proxy = shared.first else { return }
        let mine = fault.toxicNames(runID: "<run>")
        let theirs = earlier.toxicNames(runID: "<run>")
        if let name = mine.first(where: { name in theirs.contains { $0.isBytewiseEqual(to: name) } }) {
            issues.add(
                path.key("name"),
                "toxic \"\(name)\" on proxy \"\(proxy)\" would also be added by faults[\(index)]; rename one fault"
            )
        }
    }
}
