/// Before t0: every proxy a fault may touch must exist, and the `Server` header tells Faultline from Toxiproxy.
import FaultlineExperiment

enum Preflight {
    /// `GET /proxies/{name}` for each proxy once; a missing proxy is a validation issue naming the fault, and an
    /// unreachable admin API is one issue at `admin`. Nothing is changed.
    static func check(_ file: ExperimentFile, calls: AdminCalls) -> Result<ServerInfo, ExperimentValidationError> {
        var issues: [ValidationIssue] = []
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
                    issues.append(
                        ValidationIssue(
                            path: "faults[\(index)].proxy", message: "no proxy named \"\(proxy)\" on \(calls.endpoint)")
                    )
                case .failed(let reason):
                    let issue = ValidationIssue(path: "admin", message: "cannot use the admin API: \(reason)")
                    return .failure(ExperimentValidationError(issues: [issue]))
                }
            }
        }
        guard issues.isEmpty else { return .failure(ExperimentValidationError(issues: issues)) }
        let isFaultline = header?.lowercased().hasPrefix("faultline/") ?? false
        return .success(ServerInfo(admin: calls.endpoint.description, version: header, seededToxics: isFaultline))
    }
}
