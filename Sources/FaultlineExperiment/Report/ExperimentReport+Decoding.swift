/// Reading a JSON report back (for `experiment render`): the writer's shape, with every bad field named by its path.
import FaultlineCore

extension ExperimentReport {
    /// Decodes a report written by `json(pretty:)`, of this version or an older one without the newer keys.
    /// Unknown keys are ignored, so a newer writer's additions do not stop an older reader.
    public static func decode(_ bytes: [UInt8]) throws(ReportDecodingError) -> ExperimentReport {
        let root: JSONValue
        do throws(JSONParseError) {
            root = try JSONParser.parseFirstValue(bytes)
        } catch {
            throw ReportDecodingError(issues: [ValidationIssue(path: "", message: "not JSON: \(error.message)")])
        }
        var issues = IssueList()
        let report = decode(root, issues: &issues)
        guard let report, issues.isEmpty else { throw ReportDecodingError(issues: issues.issues) }
        return report
    }

    static func decode(_ root: JSONValue, issues: inout IssueList) -> ExperimentReport? {
        guard let object = ObjectReader(root, at: JSONPath(), allowed: nil, issues: &issues) else { return nil }
        if let version = object.string("version", required: true, issues: &issues), version != formatVersion {
            issues.add(object.path.key("version"), "\"\(version)\" is not a report this version reads (\(formatVersion))")
        }
        let title = object.string("title", required: true, issues: &issues)
        let status = decodeStatus(object, issues: &issues)
        _ = object.int64("exitCode", issues: &issues)  // derived from the status (and the signal)
        let durationMs = object.int64("durationMs", required: true, issues: &issues)
        guard let title, let status, let durationMs else { return nil }
        var report = ExperimentReport(title: title, status: status, durationMs: durationMs)
        report.seed = object["seed"] == .null ? nil : object.uint64("seed", issues: &issues)
        report.runID = object.nullableString("runId", issues: &issues)
        report.startedAt = object.nullableString("startedAt", issues: &issues)
        report.dryRun = object.bool("dryRun", issues: &issues) ?? false
        if let server = object.object("server", issues: &issues) {
            report.server = ServerInfo(
                admin: server.string("admin", required: true, issues: &issues) ?? "",
                version: server.nullableString("version", issues: &issues),
                seededToxics: server.bool("seededToxics", issues: &issues) ?? false)
        }
        if object.has("instances") {
            report.instances = object.array("instances", issues: &issues).compactMap {
                InstanceRecord.decode($0, at: $1, &issues)
            }
        }
        report.faults = object.array("faults", issues: &issues).compactMap { FaultRecord.decode($0, at: $1, &issues) }
        report.phases = object.array("phases", issues: &issues).compactMap { PhaseRecord.decode($0, at: $1, &issues) }
        report.probes = decodeProbes(object, issues: &issues)
        report.hypothesis = object.array("hypothesis", issues: &issues).compactMap {
            HypothesisRow.decode($0, at: $1, &issues)
        }
        if let halt = object.object("halt", issues: &issues) { report.halt = HaltSummary.decode(halt, &issues) }
        if let rollback = object.object("rollback", issues: &issues) {
            report.rollback = RollbackSummary.decode(rollback, &issues)
        }
        if let interrupted = object.object("interrupted", issues: &issues) {
            report.interruption = InterruptionSummary.decode(interrupted, &issues)
        }
        if let recovery = object.object("recovery", issues: &issues) {
            report.recovery = RecoverySummary.decode(recovery, &issues)
        }
        report.errors = object.strings("errors", issues: &issues)
        if status == .invalid { report.validationIssues = report.errors.map { ValidationIssue(path: "", message: $0) } }
        if let leftovers = object.object("leftovers", issues: &issues) {
            report.leftovers = StateFile.decodeLeftovers(leftovers, runID: report.runID, &issues)
        }
        report.warnings = object.strings("warnings", issues: &issues).map { ValidationIssue(path: "", message: $0) }
        if let timeline = object.object("timeline", issues: &issues) {
            report.timeline = ReportTimeline.decode(timeline, &issues)
        }
        return report
    }

    private static func decodeStatus(_ object: ObjectReader, issues: inout IssueList) -> ExperimentStatus? {
        guard let text = object.string("status", required: true, issues: &issues) else { return nil }
        guard let status = ExperimentStatus(rawValue: text) else {
            let known = ExperimentStatus.allCases.map(\.rawValue).joined(separator: ", ")
            issues.add(object.path.key("status"), "\"\(text)\" is not a status (\(known))")
            return nil
        }
        return status
    }

    /// `probes`: each probe's phases (every object member) in order, then `firstFailureMs` and `ttdMs`.
    private static func decodeProbes(_ object: ObjectReader, issues: inout IssueList) -> [ProbeRecord] {
        guard let probes = object.object("probes", issues: &issues) else { return [] }
        return probes.keys.compactMap { name -> ProbeRecord? in
            guard let probe = probes.object(name, issues: &issues) else { return nil }
            var phases: [(name: String, stats: SampleStats)] = []
            for key in probe.keys where key != "firstFailureMs" && key != "ttdMs" {
                guard let stats = probe.object(key, issues: &issues) else { continue }
                phases.append((key, SampleStats.decode(stats, &issues)))
            }
            return ProbeRecord(
                name: name, phases: phases, firstFailureMs: probe.nullableInt64("firstFailureMs", issues: &issues),
                ttdMs: probe.nullableInt64("ttdMs", issues: &issues))
        }
    }
}
