/// String and string-list fields for `AttributeReader` (file paths, names), with errors naming the field.
extension AttributeReader {
    /// A JSON string; `nonEmpty` refuses `""`.
    func string(_ field: String, nonEmpty: Bool = false) throws(FaultlineError) -> String? {
        guard let value = raw(field) else { return nil }
        guard case .string(let text) = value else {
            throw .invalidValue(field: path(of: field), reason: "must be a string")
        }
        if nonEmpty && text.isEmpty { throw .invalidValue(field: path(of: field), reason: "must not be empty") }
        return text
    }

    /// A JSON array of non-empty strings.
    func strings(_ field: String) throws(FaultlineError) -> [String]? {
        guard let value = raw(field) else { return nil }
        guard case .array(let items) = value else {
            throw .invalidValue(field: path(of: field), reason: "must be an array of strings")
        }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, !text.isEmpty else {
                throw .invalidValue(field: "\(path(of: field))[\(index)]", reason: "must be a non-empty string")
            }
            texts.append(text)
        }
        return texts
    }

    /// A nested object, read by its own reader (`tls.listen`).
    func object(_ field: String, fields: [String]) throws(FaultlineError) -> AttributeReader? {
        guard let value = raw(field) else { return nil }
        return try AttributeReader(value, path: path(of: field), fields: fields, strict: true)
    }
}
