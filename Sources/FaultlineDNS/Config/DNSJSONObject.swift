/// Reading the fields of one JSON object of DNS settings: Go's key matching, typed values, errors naming the field.
import FaultlineCore

/// One object of a `dns` block or a DNS toxic's `attributes`, its members filed under the field they set.
///
/// Keys match fields as Go's decoder does (exact, else case-insensitive; the last member wins), unknown keys are
/// ignored and `null` means "the default", so the rules read like the rest of the API. Every error is
/// `.invalidValue` naming the full path (`dns.records[2].ttl`, `attributes.names[0]`).
struct DNSJSONObject {
    /// Where this object sits: `dns`, `dns.records[2]`, `attributes`.
    let path: String
    private var values: [String: JSONValue] = [:]

    /// Files the members of `value` by field; nil and `null` are an empty object, any other non-object an error.
    init(_ value: JSONValue?, path: String, fields: [String]) throws(FaultlineError) {
        self.path = path
        switch value {
        case nil, .null?:
            break
        case .object(let members)?:
            for member in members where member.value != .null {
                if let field = JSONValue.field(for: member.key, in: fields) { values[field] = member.value }
            }
        default:
            throw .invalidValue(field: path, reason: "must be an object")
        }
    }

    /// The full path of one of this object's fields.
    func path(of field: String) -> String { "\(path).\(field)" }

    func string(_ field: String, default fallback: String) throws(FaultlineError) -> String {
        guard let value = values[field] else { return fallback }
        guard case .string(let text) = value else {
            throw .invalidValue(field: path(of: field), reason: "must be a string")
        }
        return text
    }

    func optionalString(_ field: String) throws(FaultlineError) -> String? {
        guard values[field] != nil else { return nil }
        return try string(field, default: "")
    }

    func integer(_ field: String, default fallback: Int64) throws(FaultlineError) -> Int64 {
        try optionalInteger(field) ?? fallback
    }

    /// An integer literal (`1.5`, `1e3` and `"5"` are refused, as for Toxiproxy's integer attributes).
    func optionalInteger(_ field: String) throws(FaultlineError) -> Int64? {
        guard let value = values[field] else { return nil }
        guard case .number(let text) = value, let integer = Int64(text) else {
            throw .invalidValue(field: path(of: field), reason: "must be an integer")
        }
        return integer
    }

    func array(_ field: String) throws(FaultlineError) -> [JSONValue] {
        guard let value = values[field] else { return [] }
        guard case .array(let items) = value else {
            throw .invalidValue(field: path(of: field), reason: "must be an array")
        }
        return items
    }

    func strings(_ field: String) throws(FaultlineError) -> [String] {
        var texts: [String] = []
        for (index, item) in try array(field).enumerated() {
            guard case .string(let text) = item else {
                throw .invalidValue(field: "\(path(of: field))[\(index)]", reason: "must be a string")
            }
            texts.append(text)
        }
        return texts
    }
}

extension JSONValue {
    /// An integer as a JSON number.
    static func integer(_ value: Int64) -> JSONValue { .number(String(value)) }

    /// A list of strings as a JSON array.
    static func strings(_ texts: [String]) -> JSONValue { .array(texts.map(JSONValue.string)) }

    /// An object from ordered key/value pairs.
    static func members(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.map { JSONMember(key: $0.0, value: $0.1) })
    }
}
