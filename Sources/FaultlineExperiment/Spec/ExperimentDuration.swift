/// Durations as experiment files write them: a number with a unit (`250ms`, `30s`, `2m`, `1.5s`).
public enum ExperimentDuration {
    /// A year: far beyond any experiment, and small enough that offsets added to instants never saturate.
    public static let maximum: Duration = .seconds(366 * 24 * 3600)

    /// Parses `<digits>[.<digits>](ms|s|m)`; nil for anything else (no sign, no spaces, no bare numbers).
    public static func parse(_ text: String) -> Duration? {
        var bytes = Array(text.utf8)[...]
        let unit: Int64
        if bytes.last == UInt8(ascii: "s"), bytes.dropLast().last == UInt8(ascii: "m") {
            unit = 1_000_000
            bytes = bytes.dropLast(2)
        } else if bytes.last == UInt8(ascii: "s") {
            unit = 1_000_000_000
            bytes = bytes.dropLast()
        } else if bytes.last == UInt8(ascii: "m") {
            unit = 60_000_000_000
            bytes = bytes.dropLast()
        } else {
            return nil
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        // Twelve digits keep the arithmetic in Int64; the product is then checked against `maximum`.
        guard let whole = parts.first, (1...12).contains(whole.count), let integer = digits(whole) else { return nil }
        let (scaled, overflow) = integer.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        var nanoseconds = scaled
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...6).contains(fraction.count), let value = digits(fraction) else { return nil }
            var scale: Int64 = 1
            for _ in 0..<fraction.count { scale *= 10 }
            nanoseconds += value * unit / scale
        }
        guard nanoseconds <= maximum.nanosecondsClamped else { return nil }
        return .nanoseconds(nanoseconds)
    }

    /// The shortest faithful spelling in the file's units: `2m`, `30s`, `250ms`, `1.5s`, `0.25ms`.
    public static func format(_ duration: Duration) -> String {
        let ns = duration.nanosecondsClamped
        if ns != 0 && ns % 60_000_000_000 == 0 { return "\(ns / 60_000_000_000)m" }
        if ns % 1_000_000_000 == 0 { return "\(ns / 1_000_000_000)s" }
        if ns % 1_000_000 == 0 && ns.magnitude < 1_000_000_000 { return "\(ns / 1_000_000)ms" }
        if ns.magnitude >= 1_000_000_000 { return decimal(ns, unit: 1_000_000_000, places: 9) + "s" }
        return decimal(ns, unit: 1_000_000, places: 6) + "ms"
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `ns / unit` with its fraction, trailing zeros trimmed.
    private static func decimal(_ ns: Int64, unit: Int64, places: Int) -> String {
        let sign = ns < 0 ? "-" : ""
        let magnitude = ns.magnitude
        var fraction = String(magnitude % UInt64(unit))
        fraction = String(repeating: "0", count: places - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        return sign + String(magnitude / UInt64(unit)) + (fraction.isEmpty ? "" : "." + fraction)
    }
}

extension Duration {
    /// Whole milliseconds, rounded toward zero: the unit of every figure in the report.
    public var wholeMilliseconds: Int64 { nanosecondsClamped / 1_000_000 }
}
