/// Decoding a whole experiment file from bytes with FaultlineCore's JSON parser, collecting every issue.
import FaultlineCore

extension ExperimentFile {
    static let keys = [
        "version", "title", "hypothesis", "seed", "admin", "maxDuration", "probes", "steadyState", "faults", "halt",
        "recovery", "report",
    ]

    /// Decodes and validates a file; the error lists every problem found, each with its JSON path.
    public static func decode(_ bytes: [UInt8]) throws(ExperimentValidationError) -> ExperimentFile {
        let root: JSONValue
        do throws(JSONParseError) {
            root = try JSONParser.parseFirstValue(bytes)
        } catch {
            throw ExperimentValidationError(issues: [ValidationIssue(path: "", message: "not JSON: \(error.message)")])
        }
        var issues = IssueList()
        let file = decode(root, issues: &issues)
        guard let file, issues.isEmpty else { throw ExperimentValidationError(issues: issues.issues) }
        return file
    }

    static func decode(_ root: JSONValue, issues: inout IssueList) -> ExperimentFile? {
        let path = JSONPath()
        guard let object = ObjectReader(root, at: path, allowed: keys, issues: &issues) else { return nil }
        if let version = object.string("version", required: true, issues: &issues), version != formatVersion {
            issues.add(path.key("version"), "\"\(version)\" is not supported; this runner reads \"\(formatVersion)\"")
        }
        let title = object.string("title", required: true, issues: &issues)
        if title?.isEmpty == true { issues.add(path.key("title"), "must not be empty") }
        let hypothesis = object.string("hypothesis", issues: &issues)
        let seed = object.uint64("seed", issues: &issues)
        var admin: String?
        var admins: [AdminEntry] = []
        if let value = object["admin"], let entries = AdminEntry.decode(value, at: path.key("admin"), issues: &issues) {
            admins = entries
            if case .string(let text) = value { admin = text }
        }
        let maxDuration = object.duration("maxDuration", issues: &issues)
        let probes = decodeProbes(object, issues: &issues)
        let steadyState = decodeSteadyState(object, issues: &issues)
        let faults = decodeList(object, "faults", required: true, issues: &issues, FaultSpec.decode)
        let halts = decodeList(object, "halt", required: false, issues: &issues, HaltSpec.decode)
        let recovery = decodeRecovery(object, issues: &issues)
        let report = decodeReport(object, issues: &issues)

        let references = ReferenceCheck(probes: probes.decoded, declaredProbes: probes.declared)
        references.check(steadyState.tolerances, halts: halts, issues: &issues)
        references.check(faults: faults, baseline: steadyState.baseline, maxDuration: maxDuration, issues: &issues)

        guard let title, let baseline = steadyState.baseline, issues.isEmpty else { return nil }
        var file = ExperimentFile(
            title: title, hypothesis: hypothesis, seed: seed, admin: admin, maxDuration: maxDuration,
            probes: probes.decoded,
            steadyState: SteadyStateSpec(baseline: baseline, tolerances: steadyState.tolerances.map(\.1)),
            faults: faults.map(\.1), halt: halts.map(\.1), recovery: recovery, report: report
        )
        file.admins = admins
        return file
    }

    /// The probes that decoded, and every declared name (so references to a broken probe are not also reported).
    private static func decodeProbes(
        _ object: ObjectReader, issues: inout IssueList
    ) -> (decoded: [ProbeSpec], declared: [String]) {
        let path = object.path.key("probes")
        guard let value = object["probes"] else {
            issues.add(path, "required: at least one probe")
            return ([], [])
        }
        guard let map = ObjectReader(value, at: path, allowed: nil, issues: &issues) else { return ([], []) }
        if map.keys.isEmpty { issues.add(path, "at least one probe is required") }
        var probes: [ProbeSpec] = []
        for name in map.keys {
            guard let body = map[name] else { continue }
            if let probe = ProbeSpec.decode(name: name, body, at: path.key(name), issues: &issues) {
                probes.append(probe)
            }
        }
        return (probes, map.keys)
    }

    private static func decodeSteadyState(
        _ object: ObjectReader, issues: inout IssueList
    ) -> (baseline: Duration?, tolerances: [(Int, CheckSpec)]) {
        let path = object.path.key("steadyState")
        guard let value = object["steadyState"] else {
            issues.add(path, "required")
            return (nil, [])
        }
        guard let steady = ObjectReader(value, at: path, allowed: ["baseline", "tolerances"], issues: &issues) else {
            return (nil, [])
        }
        let baseline = steady.duration("baseline", required: true, issues: &issues)
        let tolerances = decodeList(steady, "tolerances", required: false, issues: &issues, CheckSpec.decodeTolerance)
        return (baseline, tolerances)
    }

    /// An array of `element`s, each decoded with its path; the index travels with each decoded element.
    private static func decodeList<Element>(
        _ object: ObjectReader, _ key: String, required: Bool, issues: inout IssueList,
        _ element: (JSONValue, JSONPath, inout IssueList) -> Element?
    ) -> [(Int, Element)] {
        let path = object.path.key(key)
        guard let value = object[key] else {
            if required { issues.add(path, "required: at least one entry") }
            return []
        }
        guard case .array(let items) = value else {
            issues.add(path, "expected an array, got \(ObjectReader.describe(value))")
            return []
        }
        if required && items.isEmpty { issues.add(path, "at least one entry is required") }
        var decoded: [(Int, Element)] = []
        for (index, item) in items.enumerated() {
            if let result = element(item, path.index(index), &issues) { decoded.append((index, result)) }
        }
        return decoded
    }

    private static func decodeRecovery(_ object: ObjectReader, issues: inout IssueList) -> RecoverySpec {
        var recovery = RecoverySpec()
        guard let value = object["recovery"],
            let reader = ObjectReader(
                value, at: object.path.key("recovery"), allowed: ["within", "stableFor"], issues: &issues)
        else { return recovery }
        if let within = reader.duration("within", issues: &issues) { recovery.within = within }
        if let stableFor = reader.duration("stableFor", issues: &issues) { recovery.stableFor = stableFor }
        return recovery
    }

    private static func decodeReport(_ object: ObjectReader, issues: inout IssueList) -> ReportSpec {
        var report = ReportSpec()
        guard let value = object["report"],
            let reader = ObjectReader(
                value, at: object.path.key("report"), allowed: ["json", "table"], issues: &issues)
        else { return report }
        report.json = reader.string("json", issues: &issues)
        if report.json?.isEmpty == true { issues.add(reader.path.key("json"), "must not be empty") }
        report.table = reader.bool("table", issues: &issues) ?? true
        return report
    }
}
