/// Compact JSON output byte for byte as Go's `json.Marshal` writes it (HTML-safe string escaping included).
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends text that is already JSON (punctuation, keys known to need no escaping).
    public mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Appends `"key":` with the key escaped.
    public mutating func key(_ key: String) {
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            // Go escapes the other control bytes, and <, > and & so JSON can be embedded in HTML safely.
            case 0x00..<0x20, 0x3C, 0x3E, 0x26, 0x2028, 0x2029: unicodeEscape(scalar.value)
            default: bytes.append(contentsOf: String(Character(scalar)).utf8)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Takes back the closing brace of the object just written, so members can be added to it; returns whether it
    /// already had members (a comma must then come first). The caller writes the brace again.
    public mutating func reopenObject() -> Bool {
        guard bytes.last == UInt8(ascii: "}") else { return false }
        bytes.removeLast()
        return bytes.last != UInt8(ascii: "{")
    }

    public mutating func int(_ value: Int64) { raw(String(value)) }

    public mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    /// A float32 as Go's encoder writes it (`1`, `0.5`, `1e+21`, `1e-7`).
    public mutating func float32(_ value: Float) { raw(GoFloatFormat.json(value)) }

    /// A float64 as Go's encoder writes it (`0.01`, `1`, `1e+21`, `1e-7`).
    public mutating func float64(_ value: Double) { raw(GoFloatFormat.json(value)) }

    private mutating func unicodeEscape(_ value: UInt32) {
        let digits = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(digits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
