/// Reading typed fields from a JSON attributes object, with errors that name the field (`attributes.jitter`).
///
/// Keys match fields as everywhere else in the API (exact, else Go's case-insensitive rule; the last duplicate
/// wins) and `null` means "leave as it is" (the default on create, the current value on update). Strict readers
/// refuse unknown keys, naming them: a misspelt `probabilty` is a 400, not a silently ignored setting. Values are
/// typed as JSON types them: integers refuse `1.5`, `1e3` and `"5"`; floats take any finite number.
struct AttributeReader {
    /// The object's path in the request: `attributes`.
    let path: String
    private var values: [String: JSONValue] = [:]

    /// Files the members of `value` under `fields`; nil and `null` read as an empty object.
    init(_ value: JSONValue?, path: String = "attributes", fields: [String], strict: Bool) throws(FaultlineError) {
        self.path = path
        switch value {
        case nil, .null?:
            break
        case .object(let members)?:
            for member in members {
                guard let field = JSONValue.field(for: member.key, in: fields) else {
                    guard !strict else {
                        let expected = fields.isEmpty ? "none" : fields.joined(separator: ", ")
                        throw .invalidValue(
                            field: "\(path).\(member.key)", reason: "unknown attribute (expected \(expected))")
                    }
                    continue
                }
                // Go's rule: a null member changes nothing, not even an earlier duplicate's value.
                if member.value != .null { values[field] = member.value }
            }
        default:
            throw .invalidValue(field: path, reason: "must be an object")
        }
    }

    func path(of field: String) -> String { "\(path).\(field)" }

    func has(_ field: String) -> Bool { values[field] != nil }

    /// The field's value as given (never `null`), for lists and objects the caller reads itself.
    func value(_ field: String) -> JSONValue? { values[field] }

    /// Any finite JSON number.
    func double(_ field: String) throws(FaultlineError) -> Double? {
        guard let value = values[field] else { return nil }
        guard case .number(let text) = value, let number = Double(text), number.isFinite else {
            throw .invalidValue(field: path(of: field), reason: "must be a number")
        }
        return number
    }

    /// An integer literal within Int64.
    func integer(_ field: String) throws(FaultlineError) -> Int64? {
        guard let value = values[field] else { return nil }
        guard case .number(let text) = value, let integer = Int64(text) else {
            throw .invalidValue(field: path(of: field), reason: "must be an integer")
        }
        return integer
    }

    func bool(_ field: String) throws(FaultlineError) -> Bool? {
        guard let value = values[field] else { return nil }
        guard case .bool(let flag) = value else {
            throw .invalidValue(field: path(of: field), reason: "must be true or false")
        }
        return flag
    }

    /// A string that must name one case of `E` (exactly, lower case).
    func choice<E: RawRepresentable & CaseIterable>(_ field: String, _ type: E.Type) throws(FaultlineError) -> E?
    where E.RawValue == String {
        guard let value = values[field] else { return nil }
        let names = E.allCases.map(\.rawValue)
        guard case .string(let text) = value, let choice = E(rawValue: text) else {
            throw .invalidValue(field: path(of: field), reason: "must be one of \(names.joined(separator: ", "))")
        }
        return choice
    }
}

extension JSONValue {
    /// An integer as a JSON number.
    static func integer(_ value: Int64) -> JSONValue { .number(String(value)) }

    /// A float64 as Go's encoder writes it (`0.01`, `1`, `1e-7`).
    static func float(_ value: Double) -> JSONValue { .number(GoFloatFormat.json(value)) }
}
