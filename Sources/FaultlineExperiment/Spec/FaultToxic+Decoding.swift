/// Decoding `faults[i].toxic`: the runner's own keys strictly; the type and attributes mostly for the server to judge.
import FaultlineCore

extension FaultToxic {
    static let keys = ["type", "stream", "toxicity", "attributes"]

    static func decode(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> FaultToxic? {
        guard let object = ObjectReader(value, at: path, allowed: keys, issues: &issues) else { return nil }
        let before = issues.issues.count
        let type = object.string("type", required: true, issues: &issues)
        if type?.isEmpty == true { issues.add(path.key("type"), "must not be empty") }
        var stream = FaultStream.downstream
        if let text = object.string("stream", issues: &issues) {
            if let value = FaultStream(rawValue: text) {
                stream = value
            } else {
                issues.add(path.key("stream"), "\"\(text)\" is not \"upstream\", \"downstream\" or \"both\"")
            }
        }
        let toxicity = object.fraction("toxicity", issues: &issues).map { Float($0) } ?? 1
        var attributes: [JSONMember] = []
        if let type {
            attributes = decodeAttributes(object["attributes"], type: type, at: path.key("attributes"), issues: &issues)
        }
        guard let type, issues.issues.count == before else { return nil }
        return FaultToxic(type: type, attributes: attributes, stream: stream, toxicity: toxicity)
    }

    /// A known type's attributes are type-checked and completed with its defaults (the exact body Toxiproxy's
    /// clients send); other keys, and every key of an unknown type, follow as written, in file order.
    private static func decodeAttributes(
        _ value: JSONValue?, type: String, at path: JSONPath, issues: inout IssueList
    ) -> [JSONMember] {
        let known = ToxicKind(typeName: type)
        guard let value else { return known?.attributeMembers ?? [] }
        guard let object = ObjectReader(value, at: path, allowed: nil, issues: &issues) else { return [] }
        guard let known else {
            return object.keys.compactMap { key in object[key].map { JSONMember(key: key, value: $0) } }
        }
        let keys = known.attributeKeys
        var values = known.attributeValues
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
        let kind = known.replacingAttributeValues(values)
        // The server checks these ranges when the toxic is added; a file it would refuse mid-run is invalid now.
        do throws(FaultlineError) {
            try kind.validate()
        } catch {
            if case .invalidValue(let field, let reason) = error, field.hasPrefix("attributes.") {
                issues.add(path.key(String(field.dropFirst("attributes.".count))), reason)
            } else {
                issues.add(path, error.message)
            }
        }
        var members = kind.attributeMembers
        for key in object.keys where !keys.contains(where: { $0.isBytewiseEqual(to: key) }) {
            if let extra = object[key] { members.append(JSONMember(key: key, value: extra)) }
        }
        return members
    }
}

extension FaultToxic {
    /// What `validate` points out without failing: a type this Faultline does not know, or an attribute its type
    /// does not have. Both reach the server as written (a newer server may know them; a typo is caught here).
    func warnings(at path: String) -> [ValidationIssue] {
        // `http_*` toxics are known; the server checks their attributes (this pure module cannot, and need not).
        if ToxicKind.httpTypeNames.contains(type) { return [] }
        guard let known = ToxicKind(typeName: type) else {
            let near = ToxicKind.typeNames.filter { ObjectReader.editDistance(type, $0) <= 2 }
            let hint = near.first.map { " (did you mean \"\($0)\"?)" } ?? ""
            return [
                ValidationIssue(
                    path: path + ".type",
                    message: "\"\(type)\" is not a toxic type this Faultline knows\(hint); it is sent as written "
                        + "and the server decides")
            ]
        }
        return unknownAttributeKeys.map { key in
            let near = known.attributeKeys.filter { ObjectReader.editDistance(key, $0) <= 2 }
            let hint = near.first.map { " (did you mean \"\($0)\"?)" } ?? ""
            return ValidationIssue(
                path: path + ".attributes." + key,
                message: "not an attribute of \(type) here\(hint); it is sent as written and the server decides")
        }
    }
}
