/// String literals for `JSONParser`, decoded as Go's `unquote` does (U+FFFD for invalid UTF-8 and lone surrogates).
extension JSONParser {
    /// Reads a string literal starting at its opening quote.
    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: plain ASCII without escapes is copied as is.
        while let byte = peek() {
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 { break }
            if byte < 0x20 { throw .invalid(byte, "in string literal") }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &out)
            case 0x00..<0x20:
                throw .invalid(byte, "in string literal")
            case 0x80...:
                let length = Self.validUTF8Length(bytes, at: index)
                if length == 0 {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    index += 1
                } else {
                    out.append(contentsOf: bytes[index..<(index + length)])
                    index += length
                }
            default:
                out.append(byte)
                index += 1
            }
        }
        throw .unexpectedEOF
    }

    /// One escape after its backslash.
    private mutating func parseEscape(into out: inout [UInt8]) throws(JSONParseError) {
        guard let byte = peek() else { throw .unexpectedEOF }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xE000).contains(scalar) {
                // A valid pair is consumed whole; anything else makes this half a replacement character.
                if (0xD800..<0xDC00).contains(scalar), let low = peekEscapedUnit(), (0xDC00..<0xE000).contains(low) {
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    scalar = 0xFFFD
                }
            }
            if let unicode = Unicode.Scalar(scalar) {
                out.append(contentsOf: String(Character(unicode)).utf8)
            }
        default: throw .invalid(byte, "in string escape code")
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw .unexpectedEOF }
            guard let digit = Self.hexValue(byte) else { throw .invalid(byte, "in \\u hexadecimal character escape") }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// The code unit of a well-formed `\uXXXX` at the index, without consuming it.
    private func peekEscapedUnit() -> UInt32? {
        guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        else { return nil }
        var value: UInt32 = 0
        for offset in 2..<6 {
            guard let digit = Self.hexValue(bytes[index + offset]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// The length of the well-formed UTF-8 sequence at `start`, or 0 where Go's `DecodeRune` gives RuneError.
    static func validUTF8Length(_ bytes: [UInt8], at start: Int) -> Int {
        let lead = bytes[start]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default: return 0
        }
        guard start + length <= bytes.count, secondRange.contains(bytes[start + 1]) else { return 0 }
        for offset in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[start + offset]) {
            return 0
        }
        return length
    }
}
