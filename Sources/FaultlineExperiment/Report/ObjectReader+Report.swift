/// The typed getters reading a report back needs beyond the experiment file's: nulls, arrays, nested objects.
import FaultlineCore

extension ObjectReader {
    /// A member that may be null or absent (nil either way); an issue for any other type.
    func nullableString(_ key: String, issues: inout IssueList) -> String? {
        guard let value = self[key], value != .null else { return nil }
        return string(key, issues: &issues)
    }

    /// An integer member; `required` adds an issue when it is absent.
    func int64(_ key: String, required: Bool = false, issues: inout IssueList) -> Int64? {
        guard has(key) else {
            if required { issues.add(path.key(key), "required") }
            return nil
        }
        return integer(key, in: Int64.min...Int64.max, issues: &issues)
    }

    /// An integer member that may be null or absent.
    func nullableInt64(_ key: String, issues: inout IssueList) -> Int64? {
        guard let value = self[key], value != .null else { return nil }
        return int64(key, issues: &issues)
    }

    /// A count: an integer of at least zero, 0 when absent.
    func count(_ key: String, issues: inout IssueList) -> Int {
        integer(key, in: 0...Int64(Int32.max), issues: &issues).map { Int($0) } ?? 0
    }

    /// Milliseconds, or `"insufficient"` (nil), as the report writes statistics.
    func millisecondsOrInsufficient(_ key: String, issues: inout IssueList) -> Duration? {
        guard let value = self[key] else { return nil }
        if value == .string("insufficient") { return nil }
        guard case .number(let text) = value, let ms = Int64(text) else {
            issues.add(path.key(key), "expected whole milliseconds or \"insufficient\", got \(Self.describe(value))")
            return nil
        }
        return .milliseconds(ms)
    }

    /// A nested object, nil (with an issue when `required`) when absent; an issue when not an object.
    func object(_ key: String, required: Bool = false, issues: inout IssueList) -> ObjectReader? {
        guard let value = self[key], !(value == .null && !required) else {
            if required { issues.add(path.key(key), "required") }
            return nil
        }
        return ObjectReader(value, at: path.key(key), allowed: nil, issues: &issues)
    }

    /// An array's elements with their paths; empty (with an issue when not an array) when absent or mistyped.
    func array(_ key: String, issues: inout IssueList) -> [(JSONValue, JSONPath)] {
        guard let value = self[key] else { return [] }
        guard case .array(let items) = value else {
            issues.add(path.key(key), "expected an array, got \(Self.describe(value))")
            return []
        }
        return items.enumerated().map { ($1, path.key(key).index($0)) }
    }

    /// An array of strings; an issue names each element that is not one.
    func strings(_ key: String, issues: inout IssueList) -> [String] {
        array(key, issues: &issues).compactMap { value, path in
            guard case .string(let text) = value else {
                issues.add(path, "expected a string, got \(Self.describe(value))")
                return nil
            }
            return text
        }
    }
}
