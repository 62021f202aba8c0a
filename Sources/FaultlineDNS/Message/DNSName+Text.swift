/// Parsing names as users write them in records and patterns (`db.test`, `*.svc.test.`).
extension DNSName {
    /// Why a name as written cannot be used; the text reads after "invalid value for <field>: ".
    public struct SyntaxError: Error, Equatable, Sendable {
        public let reason: String
    }

    /// The wildcard label `*`.
    static let wildcardLabel: [UInt8] = [UInt8(ascii: "*")]

    /// True when the leftmost label is exactly `*`.
    public var isWildcard: Bool { labels.first == Self.wildcardLabel }

    /// Parses dotted text: ASCII only, the trailing dot optional, `*` only as the whole leftmost label
    /// and only when `allowWildcard` is set.
    public init(parsing text: String, allowWildcard: Bool = false) throws(SyntaxError) {
        var body = Array(text.utf8)
        if body.last == UInt8(ascii: ".") { body.removeLast() }
        guard !body.isEmpty else { throw SyntaxError(reason: "the name is empty") }
        guard body.count <= Self.maxWireLength - 2 else {
            throw SyntaxError(reason: "the name is longer than 253 characters")
        }
        let labels = body.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Array.init)
        for (index, label) in labels.enumerated() {
            guard !label.isEmpty else { throw SyntaxError(reason: "the name has an empty label") }
            guard label.count <= Self.maxLabelLength else {
                throw SyntaxError(reason: "a label is longer than 63 bytes")
            }
            if label == Self.wildcardLabel {
                guard allowWildcard else { throw SyntaxError(reason: "a wildcard is not allowed here") }
                guard index == 0 else {
                    throw SyntaxError(reason: "'*' is allowed only as the whole leftmost label")
                }
                continue
            }
            for byte in label {
                guard byte > 0x20, byte < 0x7F else {
                    throw SyntaxError(reason: "names must be printable ASCII without spaces (use punycode)")
                }
                guard byte != UInt8(ascii: "*") else {
                    throw SyntaxError(reason: "'*' is allowed only as the whole leftmost label")
                }
                guard byte != UInt8(ascii: "\\") else {
                    throw SyntaxError(reason: "escapes are not supported in names")
                }
            }
        }
        self.init(uncheckedLabels: labels)
    }
}
