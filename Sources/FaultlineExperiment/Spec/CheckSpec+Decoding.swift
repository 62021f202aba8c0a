/// Decoding checks (`steadyState.tolerances[i]`) and halt conditions (`halt[i]`), which share the check keys.
import FaultlineCore

extension CheckSpec {
    static let keys = ["probe", "minSuccessRate", "maxErrorRate"] + LatencyStatistic.allCases.map(\.rawValue)

    /// Reads the check keys of an object already opened by the caller (halts add their own keys).
    static func decode(_ object: ObjectReader, issues: inout IssueList) -> CheckSpec? {
        let before = issues.issues.count
        let probe = object.string("probe", required: true, issues: &issues)
        let minimum = object.fraction("minSuccessRate", issues: &issues)
        let maximum = object.fraction("maxErrorRate", issues: &issues)
        var rate: RateBound?
        if let minimum, let maximum {
            issues.add(object.path, "give minSuccessRate or maxErrorRate, not both (\(minimum) and \(maximum))")
        } else if let minimum {
            rate = .minSuccessRate(minimum)
        } else if let maximum {
            rate = .maxErrorRate(maximum)
        }
        var latency: [LatencyBound] = []
        for statistic in LatencyStatistic.allCases {
            if let limit = object.duration(statistic.rawValue, issues: &issues) {
                latency.append(LatencyBound(statistic, limit))
            }
        }
        let given = keys.dropFirst().contains { object.has($0) }
        if !given {
            issues.add(object.path, "nothing to check: give minSuccessRate, maxErrorRate, p50, p95, p99 or max")
        }
        guard let probe, issues.issues.count == before else { return nil }
        return CheckSpec(probe: probe, rate: rate, latency: latency)
    }

    static func decodeTolerance(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> CheckSpec? {
        guard let object = ObjectReader(value, at: path, allowed: keys, issues: &issues) else { return nil }
        return decode(object, issues: &issues)
    }
}

extension HaltSpec {
    static func decode(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> HaltSpec? {
        let allowed = CheckSpec.keys + ["window", "minSamples", "armed"]
        guard let object = ObjectReader(value, at: path, allowed: allowed, issues: &issues) else { return nil }
        let before = issues.issues.count
        let check = CheckSpec.decode(object, issues: &issues)
        let window = object.duration("window", required: true, issues: &issues)
        let minSamples = object.integer("minSamples", in: 1...1_000_000, issues: &issues) ?? 5
        var armed = HaltArming.injection
        if let text = object.string("armed", issues: &issues) {
            if let value = HaltArming(rawValue: text) {
                armed = value
            } else {
                issues.add(path.key("armed"), "\"\(text)\" is not \"injection\" or \"always\"")
            }
        }
        guard let check, let window, issues.issues.count == before else { return nil }
        return HaltSpec(check: check, window: window, minSamples: Int(minSamples), armed: armed)
    }
}
