/// Decoding `faults[i]`: targets and `pick`, the start offset or range, and the toxic or `down` action.
import FaultlineCore

extension FaultSpec {
    static let keys = ["name", "proxy", "pick", "instances", "at", "duration", "toxic", "down"]

    static func decode(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> FaultSpec? {
        guard let object = ObjectReader(value, at: path, allowed: keys, issues: &issues) else { return nil }
        let before = issues.issues.count
        let name = object.string("name", required: true, issues: &issues)
        if let name, !ProbeSpec.isValidName(name) { issues.add(path.key("name"), "fault names match [a-z0-9-]+") }
        let proxies = decodeProxies(object, issues: &issues)
        var pick: Int?
        if let count = object.integer("pick", in: 1...Int64(Int32.max), issues: &issues) {
            pick = Int(count)
            if let proxies, count > proxies.count {
                issues.add(path.key("pick"), "cannot pick \(count) of \(proxies.count) proxies")
            }
        }
        let instances = object["instances"].flatMap {
            InstanceSelection.decode($0, at: path.key("instances"), issues: &issues)
        }
        let start = decodeStart(object, issues: &issues)
        let duration = object.duration("duration", required: true, issues: &issues)
        let action = decodeAction(object, issues: &issues)
        guard let name, let proxies, let start, let duration, let action, issues.issues.count == before else {
            return nil
        }
        return FaultSpec(
            name: name, proxies: proxies, pick: pick, start: start, duration: duration, action: action,
            instances: instances)
    }

    /// `"proxy": "name"` or a non-empty array of distinct names.
    private static func decodeProxies(_ object: ObjectReader, issues: inout IssueList) -> [String]? {
        let path = object.path.key("proxy")
        switch object["proxy"] {
        case nil:
            issues.add(path, "required")
        case .string(let name)?:
            if name.isEmpty { issues.add(path, "must not be empty") } else { return [name] }
        case .array(let items)? where !items.isEmpty:
            var names: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let name) = item, !name.isEmpty else {
                    issues.add(path.index(index), "expected a proxy name")
                    continue
                }
                if names.contains(where: { $0.isBytewiseEqual(to: name) }) {
                    issues.add(path.index(index), "\"\(name)\" is listed twice")
                    continue
                }
                names.append(name)
            }
            if names.count == items.count { return names }
        case let other?:
            issues.add(path, "expected a proxy name or a non-empty array of names, got \(ObjectReader.describe(other))")
        }
        return nil
    }

    /// `"at": "10s"` or `"at": {"min": "20s", "max": "30s"}`.
    private static func decodeStart(_ object: ObjectReader, issues: inout IssueList) -> FaultStart? {
        let path = object.path.key("at")
        guard let value = object["at"] else {
            issues.add(path, "required")
            return nil
        }
        guard case .object = value else {
            return ObjectReader.duration(value, at: path, positive: false, issues: &issues).map(FaultStart.at)
        }
        guard let range = ObjectReader(value, at: path, allowed: ["min", "max"], issues: &issues) else { return nil }
        let low = range.duration("min", required: true, positive: false, issues: &issues)
        let high = range.duration("max", required: true, positive: false, issues: &issues)
        guard let low, let high else { return nil }
        guard low <= high else {
            issues.add(
                path, "min (\(ExperimentDuration.format(low))) is after max (\(ExperimentDuration.format(high)))")
            return nil
        }
        return .between(min: low, max: high)
    }

    private static func decodeAction(_ object: ObjectReader, issues: inout IssueList) -> FaultAction? {
        switch (object["toxic"], object["down"]) {
        case (nil, nil), (.some, .some):
            issues.add(object.path, "give exactly one of \"toxic\" or \"down\"")
            return nil
        case (_, .some):
            guard let down = object.bool("down", issues: &issues) else { return nil }
            guard down else {
                issues.add(object.path.key("down"), "only true is meaningful; leave the fault out instead")
                return nil
            }
            return .down
        case (let toxic?, nil):
            return FaultToxic.decode(toxic, at: object.path.key("toxic"), issues: &issues).map(FaultAction.toxic)
        }
    }
}
