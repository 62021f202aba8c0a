/// Reading each row of a JSON report back: faults, phases, statistics, check outcomes, halt, rollback, recovery.
import FaultlineCore

extension FaultRecord {
    static func decode(_ value: JSONValue, at path: JSONPath, _ issues: inout IssueList) -> FaultRecord? {
        guard let object = ObjectReader(value, at: path, allowed: nil, issues: &issues) else { return nil }
        let name = object.string("name", required: true, issues: &issues)
        let plannedAt = object.int64("plannedAtMs", required: true, issues: &issues)
        let plannedEnd = object.int64("plannedEndMs", required: true, issues: &issues)
        guard let name, let plannedAt, let plannedEnd else { return nil }
        return FaultRecord(
            name: name, proxies: object.strings("proxies", issues: &issues),
            toxics: object.strings("toxics", issues: &issues), effect: object.string("effect", issues: &issues) ?? "",
            plannedAtMs: plannedAt, injectedAtMs: object.nullableInt64("injectedAtMs", issues: &issues),
            plannedEndMs: plannedEnd, removedAtMs: object.nullableInt64("removedAtMs", issues: &issues),
            instances: object.has("instances") ? object.strings("instances", issues: &issues) : nil)
    }
}

extension InstanceRecord {
    static func decode(_ value: JSONValue, at path: JSONPath, _ issues: inout IssueList) -> InstanceRecord? {
        guard let object = ObjectReader(value, at: path, allowed: nil, issues: &issues),
            let admin = object.string("admin", required: true, issues: &issues),
            let status = object.string("status", required: true, issues: &issues)
        else { return nil }
        return InstanceRecord(
            admin: admin, optional: object.bool("optional", issues: &issues) ?? false, status: status,
            lostAtMs: object.nullableInt64("lostAtMs", issues: &issues),
            reason: object.nullableString("reason", issues: &issues),
            injected: object.strings("injected", issues: &issues), failures: object.strings("failures", issues: &issues))
    }
}

extension PhaseRecord {
    static func decode(_ value: JSONValue, at path: JSONPath, _ issues: inout IssueList) -> PhaseRecord? {
        guard let object = ObjectReader(value, at: path, allowed: nil, issues: &issues) else { return nil }
        let name = object.string("name", required: true, issues: &issues)
        let from = object.int64("fromMs", required: true, issues: &issues)
        let to = object.int64("toMs", required: true, issues: &issues)
        guard let name, let from, let to else { return nil }
        return PhaseRecord(name: name, fromMs: from, toMs: to)
    }
}

extension SampleStats {
    /// The counts and statistics; `successRate` is derived from the counts, so it is only checked for its type.
    static func decode(_ object: ObjectReader, _ issues: inout IssueList) -> SampleStats {
        var stats = SampleStats()
        stats.samples = object.count("samples", issues: &issues)
        stats.ok = object.count("ok", issues: &issues)
        stats.errors = object.count("errors", issues: &issues)
        stats.timeouts = object.count("timeouts", issues: &issues)
        stats.slow = object.count("slow", issues: &issues)
        stats.skipped = object.count("skipped", issues: &issues)
        if let rate = object["successRate"], rate != .string("insufficient") {
            _ = object.fraction("successRate", issues: &issues)
        }
        stats.p50 = object.millisecondsOrInsufficient("p50Ms", issues: &issues)
        stats.p95 = object.millisecondsOrInsufficient("p95Ms", issues: &issues)
        stats.p99 = object.millisecondsOrInsufficient("p99Ms", issues: &issues)
        stats.max = object.millisecondsOrInsufficient("maxMs", issues: &issues)
        if let statuses = object.object("statuses", issues: &issues) {
            for key in statuses.keys {
                guard let code = Int(key), (100...599).contains(code) else {
                    issues.add(statuses.path.key(key), "expected an HTTP status code")
                    continue
                }
                stats.statuses[code] = statuses.count(key, issues: &issues)
            }
        }
        return stats
    }
}

extension CheckOutcome {
    /// `probe`, `check`, then `limitMs`/`observedMs` (a latency) or `limit`/`observed` (a rate); `met` as given.
    static func decode(_ object: ObjectReader, met: Bool, _ issues: inout IssueList) -> CheckOutcome? {
        let probe = object.string("probe", required: true, issues: &issues)
        let check = object.string("check", required: true, issues: &issues)
        let limit: CheckValue?
        let observed: CheckValue?
        if object.has("limitMs") {
            limit = object.int64("limitMs", issues: &issues).map { .latency(.milliseconds($0)) }
            observed = object.millisecondsOrInsufficient("observedMs", issues: &issues).map(CheckValue.latency)
        } else {
            limit = object.fraction("limit", issues: &issues).map(CheckValue.rate)
            if object.has("limit") == false { issues.add(object.path.key("limit"), "required (or limitMs)") }
            observed =
                object["observed"] == .string("insufficient")
                ? nil : object.fraction("observed", issues: &issues).map(CheckValue.rate)
        }
        guard let probe, let check, let limit else { return nil }
        return CheckOutcome(probe: probe, check: check, limit: limit, observed: observed, met: met)
    }
}

extension HypothesisRow {
    static func decode(_ value: JSONValue, at path: JSONPath, _ issues: inout IssueList) -> HypothesisRow? {
        guard let object = ObjectReader(value, at: path, allowed: nil, issues: &issues) else { return nil }
        let phase = object.string("phase", required: true, issues: &issues)
        let met = object.bool("met", issues: &issues)
        if !object.has("met") { issues.add(path.key("met"), "required") }
        guard let phase, let met, let outcome = CheckOutcome.decode(object, met: met, &issues) else { return nil }
        return HypothesisRow(phase: phase, outcome: outcome)
    }
}

extension HaltSummary {
    /// Nil for `{"triggered": false}`; a condition's violated bound is inline (`"probe": null` when there is none).
    static func decode(_ object: ObjectReader, _ issues: inout IssueList) -> HaltSummary? {
        guard object.bool("triggered", issues: &issues) == true else { return nil }
        let reason = object.string("reason", required: true, issues: &issues)
        let phase = object.string("phase", required: true, issues: &issues)
        let haltedAt = object.int64("haltedAtMs", required: true, issues: &issues)
        let outcome = (object["probe"] ?? .null) == .null ? nil : CheckOutcome.decode(object, met: false, &issues)
        guard let reason, let phase, let haltedAt else { return nil }
        return HaltSummary(
            reason: reason, condition: object.nullableInt64("condition", issues: &issues).map { Int($0) },
            outcome: outcome, detail: object.nullableString("detail", issues: &issues), phase: phase,
            haltedAtMs: haltedAt,
            rollbackCompletedAtMs: object.nullableInt64("rollbackCompletedAtMs", issues: &issues),
            timeToHaltMs: object.nullableInt64("timeToHaltMs", issues: &issues),
            rollbackMs: object.nullableInt64("rollbackMs", issues: &issues))
    }
}

extension RollbackSummary {
    static func decode(_ object: ObjectReader, _ issues: inout IssueList) -> RollbackSummary? {
        let cause = object.string("cause", required: true, issues: &issues)
        let started = object.int64("startedAtMs", required: true, issues: &issues)
        guard let cause, let started else { return nil }
        return RollbackSummary(
            cause: cause, startedAtMs: started, completedAtMs: object.nullableInt64("completedAtMs", issues: &issues),
            completed: object.bool("completed", issues: &issues) ?? false)
    }
}

extension InterruptionSummary {
    static func decode(_ object: ObjectReader, _ issues: inout IssueList) -> InterruptionSummary? {
        let text = object.string("signal", required: true, issues: &issues)
        let at = object.int64("atMs", required: true, issues: &issues)
        guard let text, let at else { return nil }
        guard let signal = StopSignal(rawValue: text) else {
            issues.add(object.path.key("signal"), "\"\(text)\" is not SIGINT or SIGTERM")
            return nil
        }
        return InterruptionSummary(signal: signal, atMs: at)
    }
}

extension RecoverySummary {
    static func decode(_ object: ObjectReader, _ issues: inout IssueList) -> RecoverySummary {
        var summary = RecoverySummary()
        summary.recovered = object.bool("recovered", issues: &issues) ?? false
        summary.evaluated = object.bool("evaluated", issues: &issues) ?? false
        summary.lastRemovalMs = object.nullableInt64("lastRemovalMs", issues: &issues)
        summary.stableFromMs = object.nullableInt64("stableFromMs", issues: &issues)
        summary.ttrMs = object.nullableInt64("ttrMs", issues: &issues)
        summary.withinMs = object.int64("withinMs", issues: &issues) ?? 0
        summary.stableForMs = object.int64("stableForMs", issues: &issues) ?? 0
        return summary
    }
}

extension StateFile {
    /// `leftovers`: the toxics and disabled proxies; the admin URL is the one the cleanup command names.
    static func decodeLeftovers(_ object: ObjectReader, runID: String?, _ issues: inout IssueList) -> StateFile {
        var state = StateFile(runID: runID ?? "", admin: "")
        if let command = object.nullableString("cleanup", issues: &issues), let flag = command.firstRange(of: "--admin ") {
            state.admin = String(command[flag.upperBound...].prefix { $0 != " " })
        }
        for (value, path) in object.array("toxics", issues: &issues) {
            guard let toxic = ObjectReader(value, at: path, allowed: nil, issues: &issues),
                let proxy = toxic.string("proxy", required: true, issues: &issues),
                let name = toxic.string("name", required: true, issues: &issues)
            else { continue }
            state.toxics.append(Toxic(proxy: proxy, name: name, admin: toxic.nullableString("admin", issues: &issues)))
        }
        for (value, path) in object.array("disabledProxies", issues: &issues) {
            if case .string(let proxy) = value {
                state.disabledProxies.append(DisabledProxy(proxy: proxy))
                continue
            }
            guard let entry = ObjectReader(value, at: path, allowed: nil, issues: &issues),
                let proxy = entry.string("proxy", required: true, issues: &issues)
            else { continue }
            state.disabledProxies.append(
                DisabledProxy(proxy: proxy, admin: entry.nullableString("admin", issues: &issues)))
        }
        return state
    }
}
