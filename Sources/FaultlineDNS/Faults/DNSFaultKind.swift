/// The closed set of DNS toxic types, each with its attributes.
public enum DNSFaultKind: Hashable, Sendable {
    case nxdomain(DNSNXDomainAttributes)
    case servfail(DNSServfailAttributes)
    case latency(DNSLatencyAttributes)
    case drop(DNSDropAttributes)
    case truncate(DNSTruncateAttributes)

    /// The `type` on the wire.
    public var typeName: String {
        switch self {
        case .nxdomain: "nxdomain"
        case .servfail: "servfail"
        case .latency: "latency"
        case .drop: "drop"
        case .truncate: "truncate"
        }
    }

    /// Every type a DNS listener accepts, in documentation order.
    public static let typeNames = ["nxdomain", "servfail", "latency", "drop", "truncate"]

    /// The `names` patterns as given.
    public var names: [String] {
        switch self {
        case .nxdomain(let a): a.names
        case .servfail(let a): a.names
        case .latency(let a): a.names
        case .drop(let a): a.names
        case .truncate(let a): a.names
        }
    }

    /// The `qtypes` as given.
    public var qtypes: [String] {
        switch self {
        case .nxdomain(let a): a.qtypes
        case .servfail(let a): a.qtypes
        case .latency(let a): a.qtypes
        case .drop(let a): a.qtypes
        case .truncate(let a): a.qtypes
        }
    }
}
