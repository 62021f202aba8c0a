/// One attribute value as stored and echoed: Toxiproxy's integers, and the floats, strings and booleans
/// that Faultline's own toxic types (`loss`, `packet_loss`, `nxdomain`) add.
///
/// The case a kind reports for a key is that key's type: decoding reads a JSON value with the matching Go
/// rule (integers refuse `1.5`/`1e3`/strings, floats take any number in range), and the writer echoes it.
public enum ToxicAttributeValue: Equatable, Sendable {
    case int(Int64)
    case float(Double)
    case string(String)
    case bool(Bool)

    /// Whether `other` holds the same type, so it may replace this value.
    public func hasSameType(as other: ToxicAttributeValue) -> Bool {
        switch (self, other) {
        case (.int, .int), (.float, .float), (.string, .string), (.bool, .bool): true
        default: false
        }
    }

    public var int: Int64? { if case .int(let value) = self { value } else { nil } }
    public var float: Double? { if case .float(let value) = self { value } else { nil } }
    public var string: String? { if case .string(let value) = self { value } else { nil } }
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }

    /// Writes the value as Go's encoder would (`100`, `0.01`, `"stall"`, `false`).
    public func write(into writer: inout JSONWriter) {
        switch self {
        case .int(let value): writer.int(value)
        case .float(let value): writer.float64(value)
        case .string(let value): writer.string(value)
        case .bool(let value): writer.bool(value)
        }
    }
}
