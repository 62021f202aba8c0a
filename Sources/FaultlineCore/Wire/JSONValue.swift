/// A parsed JSON value that keeps what Go's decoder sees: member order, duplicate keys and numbers as written.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's literal text (`100`, `1.5`, `1e3`, `-0`), so integer fields can refuse non-integers.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order; duplicates are kept (Go applies each in turn, so the last scalar wins).
    case object([JSONMember])

    /// The word Go's `UnmarshalTypeError` uses for this value (`number 1.5` is built by the caller).
    public var goKindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Equatable, Sendable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue {
    /// The struct field a member key sets, by Go's rule: an exact match wins, else the first field that matches
    /// case-insensitively; nil for an unknown key (ignored).
    public static func field(for key: String, in fields: [String]) -> String? {
        fields.first { key.utf8.elementsEqual($0.utf8) } ?? fields.first { Self.key(key, matches: $0) }
    }

    /// Matches a member key to a field name the way Go's encoding/json does for a struct with no two fields
    /// that differ only in case: an exact match, else a case-insensitive one (with Go's Kelvin-sign and
    /// long-s folds). Field names are ASCII.
    public static func key(_ key: String, matches field: String) -> Bool {
        if key.utf8.elementsEqual(field.utf8) { return true }
        var keyScalars = key.unicodeScalars.makeIterator()
        for fieldByte in field.utf8 {
            guard let scalar = keyScalars.next(), fold(scalar) == fold(Unicode.Scalar(fieldByte)) else {
                return false
            }
        }
        return keyScalars.next() == nil
    }

    /// Go's simple case folding restricted to what can equal an ASCII letter.
    private static func fold(_ scalar: Unicode.Scalar) -> UInt32 {
        switch scalar.value {
        case 0x41...0x5A: scalar.value + 0x20
        case 0x212A: 0x6B  // KELVIN SIGN folds to k
        case 0x017F: 0x73  // LATIN SMALL LETTER LONG S folds to s
        default: scalar.value
        }
    }
}

extension JSONValue {
    /// Parses the first value of a request body; a syntax error becomes `bad request body: <Go's text>`.
    public static func parseBody(_ body: [UInt8]) throws(FaultlineError) -> JSONValue {
        do throws(JSONParseError) {
            return try JSONParser.parseFirstValue(body)
        } catch {
            throw .badRequestBody(error.message)
        }
    }
}
