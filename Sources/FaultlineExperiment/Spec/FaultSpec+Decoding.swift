/// Decoding `faults[i]`: targets and `pick`, the start offset or range, and the toxic or `down` action.
import FaultlineCore

extension FaultSpec {
    static let keys = ["name", "proxy", "pick", "at", "duration", "toxic", "down"]

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
        let start = decodeStart(object, issues: &issues)
        let duration = object.duration("duration", required: true, issues: &issues)
        let action = decodeAction(object, issues: &issues)
        guard let name, let proxies, let start, let duration, let action, issues.issues.count == before else {
            return nil
        }
        return FaultSpec(name: name, proxies: proxies, pick: pick, start: start, duration: duration, action: action)
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

extension FaultToxic {
    static func decode(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> FaultToxic? {
        let keys = ["type", "stream", "toxicity", "attributes"]
        guard let object = ObjectReader(value, at: path, allowed: keys, issues: &issues) else { return nil }
        let before = issues.issues.count
        var kind: ToxicKind?
        if let type = object.string("type", required: true, issues: &issues) {
            kind = ToxicKind(typeName: type)
            if kind == nil {
                let known = ToxicKind.typeNames.joined(separator: ", ")
                issues.add(path.key("type"), "unknown toxic type \"\(type)\" (known: \(known))")
            }
        }
        var stream = FaultStream.downstream
        if let text = object.string("stream", issues: &issues) {
            if let value = FaultStream(rawValue: text) {
                stream = value
            } else {
                issues.add(path.key("stream"), "\"\(text)\" is not \"upstream\", \"downstream\" or \"both\"")
            }
        }
        let toxicity = object.fraction("toxicity", issues: &issues).map { Float($0) } ?? 1
        if let zero = kind, let attributes = object["attributes"] {
            kind = decodeAttributes(attributes, into: zero, at: path.key("attributes"), issues: &issues)
        }
        guard let kind, issues.issues.count == before else { return nil }
        // The server checks these ranges when the toxic is added; a file it would refuse mid-run is invalid now.
        do throws(FaultlineError) {
            try kind.validate()
        } catch {
            if case .invalidValue(let field, let reason) = error, field.hasPrefix("attributes.") {
                issues.add(path.key("attributes").key(String(field.dropFirst("attributes.".count))), reason)
            } else {
                issues.add(path.key("attributes"), error.message)
            }
            return nil
        }
        return FaultToxic(kind: kind, stream: stream, toxicity: toxicity)
    }

    /// The type's attribute keys with their types (integers for Toxiproxy's toxics); unknown keys are errors here.
    private static func decodeAttributes(
        _ value: JSONValue, into kind: ToxicKind, at path: JSONPath, issues: inout IssueList
    ) -> ToxicKind? {
        let keys = kind.attributeKeys
        guard let object = ObjectReader(value, at: path, allowed: keys, issues: &issues) else { return nil }
        var values = kind.attributeValues
        for (index, key) in keys.enumerated() {
            switch values[index] {
            case .int:
                if let number = object.integer(key, in: 0...Int64.max, issues: &issues) { values[index] = .int(number) }
            case .float:
                if let number = object.fraction(key, issues: &issues) { values[index] = .float(number) }
            case .string:
                if let text = object.string(key, issues: &issues) { values[index] = .string(text) }
            case .bool:
                if let flag = object.bool(key, issues: &issues) { values[index] = .bool(flag) }
            }
        }
        return kind.replacingAttributeValues(values)
    }
}
