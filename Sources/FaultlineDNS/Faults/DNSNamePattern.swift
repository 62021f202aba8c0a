/// A `names` entry of a DNS toxic: `db.test` exactly, `*.test` strictly below `test`, or `*` for every name.
public enum DNSNamePattern: Hashable, Sendable {
    case any
    /// The lower-cased name.
    case exact(DNSName)
    /// The lower-cased zone; matches names with at least one more label, at label boundaries.
    case below(DNSName)

    /// Parses one pattern; `*` anywhere but the whole leftmost label is refused, as are long labels and names.
    public init(parsing text: String) throws(DNSName.SyntaxError) {
        if text == "*" || text == "*." {
            self = .any
            return
        }
        let name = try DNSName(parsing: text, allowWildcard: true).lowercased
        self = name.isWildcard ? .below(name.parent) : .exact(name)
    }

    /// Case-insensitive, label-wise: `*.test` matches `a.test` and `a.b.test`, never `test` or `mytest`.
    public func matches(_ name: DNSName) -> Bool {
        switch self {
        case .any: true
        case .exact(let exact): name.equalsIgnoringCase(exact)
        case .below(let zone): name.isStrictlyBelow(zone)
        }
    }

    /// The zone a wildcard names, used as the SOA owner of a synthesized negative answer.
    public var zone: DNSName? {
        if case .below(let zone) = self { return zone }
        return nil
    }
}
