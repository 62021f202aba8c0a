/// Reading API answers and writing request bodies with FaultlineCore's `JSONValue` (no Foundation).
import FaultlineCore

extension JSONValue {
    /// The value of `key` in an object (the last one when repeated, as Go keeps it); nil for other values.
    func member(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key.isBytewiseEqual(to: key) }?.value
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// Writes the value compactly; numbers keep their literal text.
    func write(into writer: inout JSONWriter) {
        switch self {
        case .null: writer.raw("null")
        case .bool(let flag): writer.bool(flag)
        case .number(let text): writer.raw(text)
        case .string(let text): writer.string(text)
        case .array(let elements):
            writer.raw("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { writer.raw(",") }
                element.write(into: &writer)
            }
            writer.raw("]")
        case .object(let members):
            JSONValue.writeObject(members, into: &writer)
        }
    }

    static func writeObject(_ members: [JSONMember], into writer: inout JSONWriter) {
        writer.raw("{")
        for (index, member) in members.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.key(member.key)
            member.value.write(into: &writer)
        }
        writer.raw("}")
    }

    /// The bytes of an object with these members, in order.
    static func objectBytes(_ members: [JSONMember]) -> [UInt8] {
        var writer = JSONWriter()
        writeObject(members, into: &writer)
        return writer.bytes
    }
}
