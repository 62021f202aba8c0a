/// Re-renders a parsed JSON value with two-space indentation, keeping key order and number literals.
import FaultlineCore

/// Small arrays of scalars stay on one line (`"proxies": ["payments"]`), so the report reads like the design's.
struct JSONPrettyPrinter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: JSONValue, depth: Int) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): raw(flag ? "true" : "false")
        case .number(let text): raw(text)
        case .string(let text): string(text)
        case .array(let items):
            if items.allSatisfy(Self.isScalar) {
                raw("[")
                for (index, item) in items.enumerated() {
                    if index > 0 { raw(", ") }
                    write(item, depth: depth + 1)
                }
                raw("]")
                return
            }
            raw("[")
            for (index, item) in items.enumerated() {
                raw(index > 0 ? ",\n" : "\n")
                indent(depth + 1)
                write(item, depth: depth + 1)
            }
            raw("\n")
            indent(depth)
            raw("]")
        case .object(let members):
            guard !members.isEmpty else { return raw("{}") }
            raw("{")
            for (index, member) in members.enumerated() {
                raw(index > 0 ? ",\n" : "\n")
                indent(depth + 1)
                string(member.key)
                raw(": ")
                write(member.value, depth: depth + 1)
            }
            raw("\n")
            indent(depth)
            raw("}")
        }
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: false
        default: true
        }
    }

    private mutating func indent(_ depth: Int) { bytes.append(contentsOf: repeatElement(0x20, count: depth * 2)) }

    private mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func string(_ text: String) {
        var writer = JSONWriter()
        writer.string(text)
        bytes.append(contentsOf: writer.bytes)
    }
}
