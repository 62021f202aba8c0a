/// Go's float formatting where Toxiproxy's bytes depend on it: JSON float32 and Prometheus's `%g`.
public enum GoFloatFormat {
    /// `json.Marshal` of a float32: shortest digits, `%f` style unless |v| < 1e-6 or ≥ 1e21 (then `1e-7`).
    public static func json(_ value: Float) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        // Go compares in the value's own precision: float32(1e-6) is not below 1e-6 as a float32.
        let magnitude = value.magnitude
        return json(shortest: value.description, exponential: magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21))
    }

    /// `json.Marshal` of a float64: the same rule as for float32, with float64's shortest digits.
    public static func json(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        let magnitude = value.magnitude
        return json(shortest: value.description, exponential: magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21))
    }

    /// A shortest round-trip text in Go's JSON style: `%f`, or `%e` with the exponent unpadded (`1e-7`).
    private static func json(shortest text: String, exponential: Bool) -> String {
        let decimal = ShortestDecimal(text)
        return exponential ? decimal.exponential(minimumExponentDigits: 1) : decimal.fixed()
    }

    /// `strconv.FormatFloat(v, 'g', -1, 64)`, which Prometheus's text format uses (`5`, `1e+06`, `1.5e+09`).
    public static func g(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        let decimal = ShortestDecimal(value.description)
        let exponent = decimal.pointPosition - 1
        // With the shortest digits Go switches to %e from an exponent of 6 (`1e+06`) or below -4.
        if !decimal.digits.isEmpty && (exponent < -4 || exponent >= 6) {
            return decimal.exponential(minimumExponentDigits: 2)
        }
        return decimal.fixed()
    }
}

/// A number as sign, significant digits (no leading or trailing zeros) and decimal point position:
/// the value is `0.<digits> × 10^pointPosition`.
struct ShortestDecimal {
    var negative: Bool
    var digits: [UInt8]
    var pointPosition: Int

    /// Reads Swift's shortest round-trip `description` (`0.5`, `1e-07`, `1.2345679e+08`, `-0.0`).
    init(_ text: String) {
        var utf8 = Substring(text).utf8[...]
        negative = utf8.first == UInt8(ascii: "-")
        if negative { utf8 = utf8.dropFirst() }
        var mantissa = utf8
        var exponent = 0
        if let e = utf8.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = utf8[..<e]
            exponent = Int(String(decoding: utf8[utf8.index(after: e)...], as: UTF8.self)) ?? 0
        }
        var all: [UInt8] = []
        var integerDigits = 0
        var seenPoint = false
        for byte in mantissa {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else {
                all.append(byte)
                if !seenPoint { integerDigits += 1 }
            }
        }
        var point = integerDigits + exponent
        while all.first == UInt8(ascii: "0") {
            all.removeFirst()
            point -= 1
        }
        while all.last == UInt8(ascii: "0") { all.removeLast() }
        digits = all
        pointPosition = all.isEmpty ? 0 : point
    }

    /// `%f` with the shortest digits: `0.25`, `7`, `123456790`, `0.000001`.
    func fixed() -> String {
        var out = negative ? "-" : ""
        if digits.isEmpty { return out + "0" }
        if pointPosition <= 0 {
            out += "0." + String(repeating: "0", count: -pointPosition) + text(digits[...])
        } else if pointPosition >= digits.count {
            out += text(digits[...]) + String(repeating: "0", count: pointPosition - digits.count)
        } else {
            out += text(digits[..<pointPosition]) + "." + text(digits[pointPosition...])
        }
        return out
    }

    /// `%e` with the shortest digits; Go pads the exponent to two digits, its JSON encoder then trims `e-07`.
    func exponential(minimumExponentDigits: Int) -> String {
        var out = negative ? "-" : ""
        guard let first = digits.first else { return out + "0e+00" }
        out += text([first][...])
        if digits.count > 1 { out += "." + text(digits[1...]) }
        let exponent = pointPosition - 1
        let magnitude = String(exponent.magnitude)
        let padded = String(repeating: "0", count: max(0, minimumExponentDigits - magnitude.count)) + magnitude
        return out + (exponent < 0 ? "e-" : "e+") + padded
    }

    private func text(_ slice: ArraySlice<UInt8>) -> String { String(decoding: slice, as: UTF8.self) }
}
