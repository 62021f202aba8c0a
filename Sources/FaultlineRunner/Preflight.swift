/// Before t0: every proxy a fault may touch must exist on every instance, and the `Server` header tells Faultline
/// from Toxiproxy. An optional fleet instance that does not answer is skipped instead.
import FaultlineExperiment

enum Preflight {
    /// What the checks found: the server, the instances the run uses, and the optional ones that were skipped.
    struct Outcome {
        var server: ServerInfo
        var instances: [PlannedInstance]
        var skipped: [(admin: String, reason: String)]
    }

    /// `GET /proxies/{name}` for each proxy once per instance; a missing proxy is a validation issue naming the
    /// fault, and an unreachable (required) admin API is one issue at `admin`. Nothing is changed.
    static func check(
        _ file: ExperimentFile, instances: [PlannedInstance], calls: (PlannedInstance) -> AdminCalls, fleet: Bool
    ) -> Result<Outcome, ExperimentValidationError> {
        var issues: [ValidationIssue] = []
        var live: [PlannedInstance] = []
        var skipped: [(admin: String, reason: String)] = []
        var headers: [String?] = []
        var firstEndpoint: String?
        instance: for instance in instances {
            let calls = calls(instance)
            firstEndpoint = firstEndpoint ?? calls.endpoint.description
            var checked: [String: AdminCalls.ProxyCheck] = [:]
            var header: String?
            for (index, fault) in file.faults.enumerated() {
                for proxy in fault.proxies {
                    let outcome = checked[proxy] ?? calls.check(proxy: proxy)
                    checked[proxy] = outcome
                    switch outcome {
                    case .found(let server):
                        header = header ?? server
                    case .missing:
                        let place = fleet ? " on \(instance.admin)" : " on \(calls.endpoint)"
                        issues.append(
                            ValidationIssue(path: "faults[\(index)].proxy", message: "no proxy named \"\(proxy)\"\(place)"))
                    case .unreachable(let reason) where instance.optional:
                        skipped.append((instance.admin, reason))
                        continue instance
                    case .failed(let reason), .unreachable(let reason):
                        let what = fleet ? "cannot use the admin API of \(instance.admin)" : "cannot use the admin API"
                        issues.append(ValidationIssue(path: "admin", message: "\(what): \(reason)"))
                        if !fleet { return .failure(ExperimentValidationError(issues: issues)) }
                        continue instance
                    }
                }
            }
            live.append(instance)
            headers.append(header)
        }
        if fleet && live.isEmpty && issues.isEmpty {
            issues.append(ValidationIssue(path: "admin", message: "no instance of the fleet answered"))
        }
        for (index, fault) in file.faults.enumerated() {
            if case .count(let count)? = fault.instances, count > live.count, fleet {
                issues.append(
                    ValidationIssue(
                        path: "faults[\(index)].instances",
                        message: "cannot pick \(count) of the fleet's \(live.count) answering instances"))
            }
        }
        guard issues.isEmpty else { return .failure(ExperimentValidationError(issues: issues)) }
        let isFaultline = !headers.isEmpty && headers.allSatisfy { $0?.lowercased().hasPrefix("faultline/") ?? false }
        let admin = fleet ? live.map(\.admin).joined(separator: ",") : (firstEndpoint ?? "")
        let server = ServerInfo(admin: admin, version: headers.first ?? nil, seededToxics: isFaultline)
        return .success(Outcome(server: server, instances: live, skipped: skipped))
    }
}
