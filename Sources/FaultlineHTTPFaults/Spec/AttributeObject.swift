/// Reading one HTTP fault's `attributes` object: Go's key matching, typed values, and errors naming the field.
import FaultlineCore
import FaultlineHTTP

/// The members of an `attributes` object filed under the attribute they set.
///
/// Keys match attributes as Go's decoder does (exact, else case-insensitive; the last member wins) and `null` means
/// "the default", like the rest of the API. Unlike Toxiproxy's types, an unknown key is refused: a misspelt matcher
/// (`method` for `methods`) would otherwise widen a fault to every request. Every error is `.invalidValue` naming
/// the attribute (`attributes.status`, `attributes.methods[1]`, `attributes.set.Connection`).
struct AttributeObject {
    private var values: [String: JSONValue] = [:]

    init(_ value: JSONValue, fields: [String], typeName: String) throws(FaultlineError) {
        switch value {
        case .null:
            break
        case .object(let members):
            for member in members where member.value != .null {
                guard let field = JSONValue.field(for: member.key, in: fields) else {
                    throw .invalidValue(field: "attributes.\(member.key)", reason: "unknown attribute for \(typeName)")
                }
                values[field] = member.value
            }
        default:
            throw .invalidValue(field: "attributes", reason: "must be an object")
        }
    }

    static func path(_ field: String) -> String { "attributes.\(field)" }

    /// An integer literal within `range` (`1.5`, `1e3` and `"5"` are refused, as for Toxiproxy's integers).
    func integer(_ field: String, default fallback: Int64, in range: ClosedRange<Int64>, unit: String = "")
        throws(FaultlineError) -> Int64
    {
        guard let value = values[field] else { return fallback }
        guard case .number(let text) = value, let integer = Int64(text) else {
            throw .invalidValue(field: Self.path(field), reason: "must be an integer")
        }
        guard range.contains(integer) else {
            throw .invalidValue(
                field: Self.path(field), reason: "must be between \(range.lowerBound) and \(range.upperBound)\(unit)")
        }
        return integer
    }

    func string(_ field: String, default fallback: String) throws(FaultlineError) -> String {
        guard let value = values[field] else { return fallback }
        guard case .string(let text) = value else {
            throw .invalidValue(field: Self.path(field), reason: "must be a string")
        }
        return text
    }

    /// `true`/`false`, or the strings `"true"`/`"false"` that `-a close=true` sends from the CLI.
    func bool(_ field: String, default fallback: Bool) throws(FaultlineError) -> Bool {
        switch values[field] {
        case nil: return fallback
        case .bool(let flag)?: return flag
        case .string("true")?: return true
        case .string("false")?: return false
        default: throw .invalidValue(field: Self.path(field), reason: "must be true or false")
        }
    }

    /// A list of strings; a single string is read as a comma-separated list (`-a methods=GET,POST` on the CLI).
    func strings(_ field: String) throws(FaultlineError) -> [String] {
        switch values[field] {
        case nil: return []
        case .string(let text)?:
            return text.split(separator: ",").map { String($0.trimmingASCIISpaces()) }.filter { !$0.isEmpty }
        case .array(let items)?:
            var texts: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    throw .invalidValue(field: "\(Self.path(field))[\(index)]", reason: "must be a string")
                }
                texts.append(text)
            }
            return texts
        default:
            throw .invalidValue(field: Self.path(field), reason: "must be an array of strings")
        }
    }

    /// An object of header name → value, in the order given; names must be tokens and values field-safe.
    func headerFields(_ field: String) throws(FaultlineError) -> [HTTPHeaders.Field] {
        guard let value = values[field] else { return [] }
        guard case .object(let members) = value else {
            throw .invalidValue(field: Self.path(field), reason: "must be an object of header names to values")
        }
        var result: [HTTPHeaders.Field] = []
        for member in members {
            try Self.checkName(member.key, field: Self.path(field))
            let path = "\(Self.path(field)).\(member.key)"
            guard case .string(let text) = member.value else {
                throw .invalidValue(field: path, reason: "must be a string")
            }
            guard text.utf8.allSatisfy(ASCII.isFieldValue) else {
                throw .invalidValue(field: path, reason: "must not contain CR, LF or other control characters")
            }
            result.append(HTTPHeaders.Field(name: member.key, value: text))
        }
        return result
    }

    /// A header name is a non-empty token (RFC 9110 §5.1).
    static func checkName(_ name: String, field: String) throws(FaultlineError) {
        guard !name.isEmpty, name.utf8.allSatisfy(ASCII.isToken) else {
            throw .invalidValue(field: field, reason: "\"\(name)\" is not a valid header name")
        }
    }
}

extension Substring {
    func trimmingASCIISpaces() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
