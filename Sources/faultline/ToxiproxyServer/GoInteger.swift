/// Go's `strconv.ParseInt(s, 0, 64)` and `strconv.Quote`, as the flag package uses them in its messages.

enum GoInteger {
    /// The two failures the flag package names: `errParse` and `errRange`.
    enum Failure: String, Error {
        case syntax = "parse error"
        case range = "value out of range"
    }

    /// Base 0: an optional sign, then `0x`/`0o`/`0b` or a leading `0` (octal) or decimal; `_` only between digits.
    static func parse(_ text: String) -> Result<Int64, Failure> {
        var digits = Array(text.utf8)[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        let unsigned = digits
        guard !digits.isEmpty else { return .failure(.syntax) }
        var base: UInt64 = 10
        if digits.first == UInt8(ascii: "0") {
            let second = digits.count >= 3 ? digits[digits.startIndex + 1] | 0x20 : 0
            switch second {
            case UInt8(ascii: "b"): base = 2; digits = digits.dropFirst(2)
            case UInt8(ascii: "o"): base = 8; digits = digits.dropFirst(2)
            case UInt8(ascii: "x"): base = 16; digits = digits.dropFirst(2)
            default: base = 8; digits = digits.dropFirst()
            }
        }
        var value: UInt64 = 0
        var underscores = false
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                underscores = true
                continue
            }
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt64(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt64(byte - UInt8(ascii: "A")) + 10
            default: return .failure(.syntax)
            }
            guard digit < base else { return .failure(.syntax) }
            let (product, overflow) = value.multipliedReportingOverflow(by: base)
            let (sum, carry) = product.addingReportingOverflow(digit)
            guard !overflow, !carry else { return .failure(.range) }
            value = sum
        }
        if underscores && !underscoresSeparateDigits(Array(unsigned)) { return .failure(.syntax) }
        let limit = UInt64(1) << 63
        if negative {
            guard value <= limit else { return .failure(.range) }
            return .success(value == limit ? Int64.min : -Int64(value))
        }
        guard value < limit else { return .failure(.range) }
        return .success(Int64(value))
    }

    /// `strconv`'s `underscoreOK`: every `_` sits between digits (a base prefix counts as a digit).
    private static func underscoresSeparateDigits(_ bytes: [UInt8]) -> Bool {
        enum Last { case start, digit, underscore, other }
        var last = Last.start
        var index = 0
        var hex = false
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "0"),
            [UInt8(ascii: "b"), UInt8(ascii: "o"), UInt8(ascii: "x")].contains(bytes[1] | 0x20)
        {
            index = 2
            last = .digit
            hex = bytes[1] | 0x20 == UInt8(ascii: "x")
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            let lower = byte | 0x20
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || hex && (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(lower)
            {
                last = .digit
            } else if byte == UInt8(ascii: "_") {
                guard last == .digit else { return false }
                last = .underscore
            } else {
                guard last != .underscore else { return false }
                last = .other
            }
        }
        return last != .underscore
    }
}

enum GoQuote {
    /// `%q` of a string: double quotes, Go's escapes for quotes, backslashes and control characters; other
    /// printable text as it is.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + hex(scalar.value, width: 2)
            case _ where (0x80..<0xA0).contains(scalar.value):
                out += "\\u" + hex(scalar.value, width: 4)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
