/// Strict reading of one JSON object of an experiment file: known keys only, typed values, issues named by path.
import FaultlineCore

/// A JSON object checked against its allowed keys; typed getters record an issue and return nil on a bad value.
struct ObjectReader {
    let path: JSONPath
    private var values: [String: JSONValue] = [:]
    /// Keys in document order, for readers that iterate (maps such as `probes` and `headers`).
    private(set) var keys: [String] = []

    /// Reads `value` as an object; nil (with an issue) when it is not one. With `allowed` nil any key is kept.
    init?(_ value: JSONValue, at path: JSONPath, allowed: [String]?, issues: inout IssueList) {
        self.path = path
        guard case .object(let members) = value else {
            issues.add(path, "expected an object, got \(Self.describe(value))")
            return nil
        }
        for member in members {
            let memberPath = path.key(member.key)
            if values[member.key] != nil {
                issues.add(memberPath, "duplicate key")
                continue
            }
            if let allowed, !allowed.contains(where: { $0.isBytewiseEqual(to: member.key) }) {
                issues.add(memberPath, Self.unknownKeyMessage(member.key, allowed: allowed))
                continue
            }
            values[member.key] = member.value
            keys.append(member.key)
        }
    }

    func has(_ key: String) -> Bool { values[key] != nil }

    subscript(_ key: String) -> JSONValue? { values[key] }

    func string(_ key: String, required: Bool = false, issues: inout IssueList) -> String? {
        guard let value = present(key, required: required, issues: &issues) else { return nil }
        guard case .string(let text) = value else {
            issues.add(path.key(key), "expected a string, got \(Self.describe(value))")
            return nil
        }
        return text
    }

    func bool(_ key: String, issues: inout IssueList) -> Bool? {
        guard let value = values[key] else { return nil }
        guard case .bool(let flag) = value else {
            issues.add(path.key(key), "expected true or false, got \(Self.describe(value))")
            return nil
        }
        return flag
    }

    /// An integer literal within `range` (no fraction, no exponent).
    func integer(_ key: String, in range: ClosedRange<Int64>, issues: inout IssueList) -> Int64? {
        guard let value = values[key] else { return nil }
        guard case .number(let text) = value, let integer = Int64(text) else {
            issues.add(path.key(key), "expected an integer, got \(Self.describe(value))")
            return nil
        }
        guard range.contains(integer) else {
            issues.add(path.key(key), "\(integer) is out of range \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return integer
    }

    func uint64(_ key: String, issues: inout IssueList) -> UInt64? {
        guard let value = values[key] else { return nil }
        guard case .number(let text) = value, let integer = UInt64(text) else {
            issues.add(path.key(key), "expected an unsigned 64-bit integer, got \(Self.describe(value))")
            return nil
        }
        return integer
    }

    /// A number in [0, 1].
    func fraction(_ key: String, issues: inout IssueList) -> Double? {
        guard let value = values[key] else { return nil }
        guard case .number(let text) = value, let number = Double(text) else {
            issues.add(path.key(key), "expected a number between 0 and 1, got \(Self.describe(value))")
            return nil
        }
        guard number >= 0, number <= 1 else {
            issues.add(path.key(key), "\(text) is not between 0 and 1")
            return nil
        }
        return number
    }

    /// A duration string with a unit; `positive` also refuses `0s`.
    func duration(_ key: String, required: Bool = false, positive: Bool = true, issues: inout IssueList) -> Duration? {
        guard let value = present(key, required: required, issues: &issues) else { return nil }
        return Self.duration(value, at: path.key(key), positive: positive, issues: &issues)
    }

    static func duration(_ value: JSONValue, at path: JSONPath, positive: Bool, issues: inout IssueList) -> Duration? {
        switch value {
        case .number(let text):
            issues.add(
                path,
                "a bare number (\(text)) is not a duration; write it with a unit: "
                    + "\"\(text)ms\", \"\(text)s\" or \"\(text)m\""
            )
            return nil
        case .string(let text):
            guard let duration = ExperimentDuration.parse(text) else {
                issues.add(
                    path, "\"\(text)\" is not a duration; write a number with a unit: \"250ms\", \"30s\" or \"2m\"")
                return nil
            }
            if positive && duration == .zero {
                issues.add(path, "must be longer than zero")
                return nil
            }
            return duration
        default:
            issues.add(path, "expected a duration string such as \"30s\", got \(describe(value))")
            return nil
        }
    }

    private func present(_ key: String, required: Bool, issues: inout IssueList) -> JSONValue? {
        if let value = values[key] { return value }
        if required { issues.add(path.key(key), "required") }
        return nil
    }

    /// `string`, `number 30`, `null`, … for messages.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .number(let text): "number \(text)"
        case .string(let text): "string \"\(text)\""
        default: value.goKindName
        }
    }

    static func unknownKeyMessage(_ key: String, allowed: [String]) -> String {
        let near = allowed.filter { editDistance(key, $0) <= 2 || (key.utf8.count >= 3 && $0.hasPrefix(key)) }
        guard let suggestion = near.first else { return "unknown key" }
        return "unknown key (did you mean \"\(suggestion)\"?)"
    }

    /// Levenshtein distance over UTF-8 bytes, enough to catch a dropped or swapped letter.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[y.count]
    }
}
