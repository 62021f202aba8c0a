/// Why a JSON body could not be read, worded exactly as Go's encoding/json words it.
public struct JSONParseError: Error, Equatable, Sendable {
    /// `EOF`, `unexpected EOF`, `invalid character 'g' looking for beginning of value`, …
    public var message: String

    public init(message: String) { self.message = message }

    /// Nothing but whitespace: Go's decoder reports `io.EOF`.
    public static let eof = JSONParseError(message: "EOF")
    /// The value started but the bytes ran out.
    public static let unexpectedEOF = JSONParseError(message: "unexpected EOF")

    /// Go's `SyntaxError`: `invalid character <quoted byte> <context>`.
    static func invalid(_ byte: UInt8, _ context: String) -> JSONParseError {
        JSONParseError(message: "invalid character \(quoteChar(byte)) \(context)")
    }

    /// Go's `quoteChar`: the byte read as a Latin-1 rune, quoted with `strconv.Quote` rules in single quotes.
    static func quoteChar(_ byte: UInt8) -> String {
        switch byte {
        case 0x27: return "'\\''"
        case 0x22: return "'\"'"
        case 0x07: return "'\\a'"
        case 0x08: return "'\\b'"
        case 0x0C: return "'\\f'"
        case 0x0A: return "'\\n'"
        case 0x0D: return "'\\r'"
        case 0x09: return "'\\t'"
        case 0x0B: return "'\\v'"
        case 0x5C: return "'\\\\'"
        case 0x00..<0x20, 0x7F: return "'\\x\(hex2(byte))'"
        case 0x80...0xA0, 0xAD: return "'\\u00\(hex2(byte))'"
        default: return "'\(Character(Unicode.Scalar(byte)))'"
        }
    }

    private static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
