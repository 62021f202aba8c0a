/// Writing a parsed `JSONValue` back out compactly: numbers as written, members in order, Go's string escaping.
extension JSONValue {
    /// Appends this value; numbers keep their literal text, objects their member order (duplicates included).
    public func write(into writer: inout JSONWriter) {
        switch self {
        case .null: writer.raw("null")
        case .bool(let flag): writer.bool(flag)
        case .number(let text): writer.raw(text)
        case .string(let text): writer.string(text)
        case .array(let items):
            writer.raw("[")
            for (index, item) in items.enumerated() {
                if index > 0 { writer.raw(",") }
                item.write(into: &writer)
            }
            writer.raw("]")
        case .object(let members):
            writer.raw("{")
            for (index, member) in members.enumerated() {
                if index > 0 { writer.raw(",") }
                writer.key(member.key)
                member.value.write(into: &writer)
            }
            writer.raw("}")
        }
    }
}
