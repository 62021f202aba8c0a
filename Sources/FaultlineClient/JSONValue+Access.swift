/// Reading API answers with FaultlineCore's `JSONValue` (no Foundation), and request bodies as bytes.
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

    /// The bytes of an object with these members, in order.
    static func objectBytes(_ members: [JSONMember]) -> [UInt8] {
        var writer = JSONWriter()
        JSONValue.object(members).write(into: &writer)  // FaultlineCore's writer: one place for JSON output
        return writer.bytes
    }
}
