/// The report as JSON, in the design's key order, written with FaultlineCore's writer.
import FaultlineCore

extension ExperimentReport {
    /// The report document; `pretty` indents it for people (two spaces), otherwise it is one compact line.
    public func json(pretty: Bool = true) -> [UInt8] {
        var writer = JSONWriter()
        write(into: &writer)
        guard pretty, let value = try? JSONParser.parseFirstValue(writer.bytes) else { return writer.bytes + [0x0A] }
        var out = JSONPrettyPrinter()
        out.write(value, depth: 0)
        return out.bytes + [0x0A]
    }

    func write(into w: inout JSONWriter) {
        w.raw("{\"version\":")
        w.string(Self.formatVersion)
        w.raw(",\"title\":")
        w.string(title)
        w.raw(",\"status\":")
        w.string(status.rawValue)
        w.raw(",\"exitCode\":\(exitCode),\"seed\":")
        w.raw(seed.map { String($0) } ?? "null")
        w.raw(",\"runId\":")
        optional(runID, &w)
        w.raw(",\"startedAt\":")
        optional(startedAt, &w)
        w.raw(",\"durationMs\":\(durationMs),\"dryRun\":\(dryRun),\"server\":")
        if let server {
            w.raw("{\"admin\":")
            w.string(server.admin)
            w.raw(",\"version\":")
            optional(server.version, &w)
            w.raw(",\"seededToxics\":\(server.seededToxics)}")
        } else {
            w.raw("null")
        }
        if let instances { writeInstances(instances, into: &w) }
        w.raw(",\"faults\":[")
        for (index, fault) in faults.enumerated() {
            if index > 0 { w.raw(",") }
            w.raw("{\"name\":")
            w.string(fault.name)
            w.raw(",\"proxies\":")
            strings(fault.proxies, &w)
            w.raw(",\"toxics\":")
            strings(fault.toxics, &w)
            w.raw(",\"effect\":")
            w.string(fault.effect)
            w.raw(",\"plannedAtMs\":\(fault.plannedAtMs),\"injectedAtMs\":\(number(fault.injectedAtMs))")
            w.raw(",\"plannedEndMs\":\(fault.plannedEndMs),\"removedAtMs\":\(number(fault.removedAtMs))")
            if let instances = fault.instances {
                w.raw(",\"instances\":")
                strings(instances, &w)
            }
            w.raw("}")
        }
        w.raw("],\"phases\":[")
        for (index, phase) in phases.enumerated() {
            if index > 0 { w.raw(",") }
            w.raw("{\"name\":")
            w.string(phase.name)
            w.raw(",\"fromMs\":\(phase.fromMs),\"toMs\":\(phase.toMs)}")
        }
        w.raw("],\"probes\":{")
        for (index, probe) in probes.enumerated() {
            if index > 0 { w.raw(",") }
            w.key(probe.name)
            w.raw("{")
            for (phase, stats) in probe.phases {
                w.key(phase)
                Self.write(stats, into: &w)
                w.raw(",")
            }
            w.raw("\"firstFailureMs\":\(number(probe.firstFailureMs)),\"ttdMs\":\(number(probe.ttdMs))}")
        }
        w.raw("},\"hypothesis\":[")
        for (index, row) in hypothesis.enumerated() {
            if index > 0 { w.raw(",") }
            w.raw("{\"phase\":")
            w.string(row.phase)
            w.raw(",")
            Self.write(row.outcome, into: &w)
            w.raw(",\"met\":\(row.outcome.met)}")
        }
        w.raw("],\"halt\":")
        writeHalt(into: &w)
        writeTail(into: &w)
        w.raw("}")
    }

    /// `"instances":[{"admin","optional","status","lostAtMs","reason","injected","failures"}]` (fleet runs only).
    private func writeInstances(_ instances: [InstanceRecord], into w: inout JSONWriter) {
        w.raw(",\"instances\":[")
        for (index, instance) in instances.enumerated() {
            if index > 0 { w.raw(",") }
            w.raw("{\"admin\":")
            w.string(instance.admin)
            w.raw(",\"optional\":\(instance.optional),\"status\":")
            w.string(instance.status)
            w.raw(",\"lostAtMs\":\(number(instance.lostAtMs)),\"reason\":")
            optional(instance.reason, &w)
            w.raw(",\"injected\":")
            strings(instance.injected, &w)
            w.raw(",\"failures\":")
            strings(instance.failures, &w)
            w.raw("}")
        }
        w.raw("]")
    }

    private func writeHalt(into w: inout JSONWriter) {
        guard let halt else {
            w.raw("{\"triggered\":false}")
            return
        }
        w.raw("{\"triggered\":true,\"reason\":")
        w.string(halt.reason)
        w.raw(",\"condition\":\(number(halt.condition.map(Int64.init))),")
        if let outcome = halt.outcome { Self.write(outcome, into: &w) } else { w.raw("\"probe\":null") }
        w.raw(",\"detail\":")
        optional(halt.detail, &w)
        w.raw(",\"phase\":")
        w.string(halt.phase)
        w.raw(",\"haltedAtMs\":\(halt.haltedAtMs),\"rollbackCompletedAtMs\":\(number(halt.rollbackCompletedAtMs))")
        w.raw(",\"timeToHaltMs\":\(number(halt.timeToHaltMs)),\"rollbackMs\":\(number(halt.rollbackMs))}")
    }

    private func writeTail(into w: inout JSONWriter) {
        if let rollback {
            w.raw(",\"rollback\":{\"cause\":")
            w.string(rollback.cause)
            w.raw(",\"startedAtMs\":\(rollback.startedAtMs),\"completedAtMs\":\(number(rollback.completedAtMs))")
            w.raw(",\"completed\":\(rollback.completed)}")
        }
        if let interruption {
            w.raw(",\"interrupted\":{\"signal\":")
            w.string(interruption.signal.rawValue)
            w.raw(",\"atMs\":\(interruption.atMs)}")
        }
        w.raw(",\"recovery\":{\"recovered\":\(recovery.recovered),\"lastRemovalMs\":\(number(recovery.lastRemovalMs))")
        w.raw(",\"stableFromMs\":\(number(recovery.stableFromMs)),\"ttrMs\":\(number(recovery.ttrMs))")
        w.raw(",\"evaluated\":\(recovery.evaluated),\"withinMs\":\(recovery.withinMs)")
        w.raw(",\"stableForMs\":\(recovery.stableForMs)}")
        w.raw(",\"errors\":")
        strings(errors, &w)
        if let leftovers, !leftovers.isEmpty {
            w.raw(",\"leftovers\":{\"toxics\":[")
            for (index, toxic) in leftovers.toxics.enumerated() {
                if index > 0 { w.raw(",") }
                w.raw("{\"proxy\":")
                w.string(toxic.proxy)
                w.raw(",\"name\":")
                w.string(toxic.name)
                if let admin = toxic.admin {
                    w.raw(",\"admin\":")
                    w.string(admin)
                }
                w.raw("}")
            }
            w.raw("],\"disabledProxies\":[")
            for (index, disabled) in leftovers.disabledProxies.enumerated() {
                if index > 0 { w.raw(",") }
                if let admin = disabled.admin {
                    w.raw("{\"proxy\":")
                    w.string(disabled.proxy)
                    w.raw(",\"admin\":")
                    w.string(admin)
                    w.raw("}")
                } else {
                    w.string(disabled.proxy)
                }
            }
            w.raw("]")
            w.raw(",\"cleanup\":")
            optional(cleanupCommand, &w)
            w.raw("}")
        }
        w.raw(",\"warnings\":")
        strings(warnings.map(\.description), &w)
        // Last, so every key before it keeps its place for readers of older reports.
        if let timeline {
            w.raw(",\"timeline\":")
            timeline.write(into: &w)
        }
    }

    static func write(_ stats: SampleStats, into w: inout JSONWriter) {
        w.raw("{\"samples\":\(stats.samples),\"ok\":\(stats.ok),\"errors\":\(stats.errors)")
        w.raw(",\"timeouts\":\(stats.timeouts),\"slow\":\(stats.slow),\"skipped\":\(stats.skipped)")
        w.raw(",\"successRate\":" + (stats.successRate.map(ReportText.rate) ?? "\"insufficient\""))
        for statistic in LatencyStatistic.allCases {
            let value = stats.value(statistic).map { String($0.wholeMilliseconds) } ?? "\"insufficient\""
            w.raw(",\"\(statistic.rawValue)Ms\":\(value)")
        }
        if !stats.statuses.isEmpty {
            // An http probe's samples by the status they received, in numeric order (absent for other probes).
            let counts = stats.statuses.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }
            w.raw(",\"statuses\":{" + counts.joined(separator: ",") + "}")
        }
        w.raw("}")
    }

    /// `"probe":…,"check":…,"limitMs":…,"observedMs":…` (rates use `limit` and `observed`).
    static func write(_ outcome: CheckOutcome, into w: inout JSONWriter) {
        w.raw("\"probe\":")
        w.string(outcome.probe)
        w.raw(",\"check\":")
        w.string(outcome.check)
        switch outcome.limit {
        case .rate(let limit): w.raw(",\"limit\":\(ReportText.rate(limit)),\"observed\":")
        case .latency(let limit): w.raw(",\"limitMs\":\(limit.wholeMilliseconds),\"observedMs\":")
        }
        switch outcome.observed {
        case .rate(let rate)?: w.raw(ReportText.rate(rate))
        case .latency(let latency)?: w.raw(String(latency.wholeMilliseconds))
        case nil: w.raw("\"insufficient\"")
        }
    }

    private func optional(_ text: String?, _ w: inout JSONWriter) {
        if let text { w.string(text) } else { w.raw("null") }
    }

    private func strings(_ texts: [String], _ w: inout JSONWriter) {
        w.raw("[")
        for (index, text) in texts.enumerated() {
            if index > 0 { w.raw(",") }
            w.string(text)
        }
        w.raw("]")
    }

    private func number(_ value: Int64?) -> String { value.map { String($0) } ?? "null" }
}
