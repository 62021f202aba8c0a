/// A domain name as its labels with their case kept; DNS comparisons go through the `…IgnoringCase` methods.
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// RFC 1035 §3.1: a name is at most 255 bytes in wire form.
    public static let maxWireLength = 255
    /// RFC 1035 §2.3.4: a label is at most 63 bytes.
    public static let maxLabelLength = 63

    public static let root = DNSName(uncheckedLabels: [])

    /// The labels, leftmost first, each without its length byte.
    public let labels: [[UInt8]]

    init(uncheckedLabels labels: [[UInt8]]) { self.labels = labels }

    /// A name from raw labels; nil when a label is empty or too long, or the name is too long.
    public init?(labels: [[UInt8]]) {
        var length = 1
        for label in labels {
            guard !label.isEmpty, label.count <= Self.maxLabelLength else { return nil }
            length += 1 + label.count
        }
        guard length <= Self.maxWireLength else { return nil }
        self.labels = labels
    }

    public var isRoot: Bool { labels.isEmpty }

    /// Bytes this name takes uncompressed on the wire.
    public var wireLength: Int { labels.reduce(1) { $0 + 1 + $1.count } }

    /// The same name with ASCII letters folded to lower case: the key for case-insensitive lookups.
    public var lowercased: DNSName {
        DNSName(uncheckedLabels: labels.map { $0.map(Self.foldCase) })
    }

    /// The name one label up; the root is its own parent.
    public var parent: DNSName {
        labels.isEmpty ? self : DNSName(uncheckedLabels: Array(labels.dropFirst()))
    }

    /// The rightmost `count` labels.
    func suffix(_ count: Int) -> DNSName {
        DNSName(uncheckedLabels: Array(labels.suffix(count)))
    }

    /// RFC 4343 comparison: ASCII letters match regardless of case, every other byte exactly.
    public func equalsIgnoringCase(_ other: DNSName) -> Bool {
        guard labels.count == other.labels.count else { return false }
        for (mine, theirs) in zip(labels, other.labels) where !Self.labelEqualsIgnoringCase(mine, theirs) {
            return false
        }
        return true
    }

    /// True when this name ends with `zone` at a label boundary and has at least one more label.
    public func isStrictlyBelow(_ zone: DNSName) -> Bool {
        guard labels.count > zone.labels.count else { return false }
        return suffix(zone.labels.count).equalsIgnoringCase(zone)
    }

    /// Presentation form with a trailing dot; dots, backslashes and unprintable bytes inside labels escaped.
    public var description: String {
        if labels.isEmpty { return "." }
        var text = ""
        for label in labels {
            for byte in label {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"):
                    text += "\\" + String(UnicodeScalar(byte))
                case 0x21...0x7E:
                    text.unicodeScalars.append(UnicodeScalar(byte))
                default:
                    let digits = String(byte)
                    text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
                }
            }
            text += "."
        }
        return text
    }

    static func foldCase(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    static func labelEqualsIgnoringCase(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (a, b) in zip(lhs, rhs) where foldCase(a) != foldCase(b) {
            return false
        }
        return true
    }
}
