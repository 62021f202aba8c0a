/// The attribute sets of the DNS toxic types, stored exactly as given (validated by `DNSFault`).
// Every type shares `names` (patterns; empty = every name) and `qtypes` (mnemonics; empty = every type).

/// `nxdomain`: answer NXDOMAIN with a synthetic SOA.
public struct DNSNXDomainAttributes: Hashable, Sendable {
    public var names: [String]
    public var qtypes: [String]
    /// Seconds; the SOA's TTL and MINIMUM, i.e. how long resolvers may cache the NXDOMAIN.
    public var negativeTTL: Int64
    /// The SOA owner; empty means the matching wildcard's zone, or else the query name's parent.
    public var zone: String

    public init(names: [String] = [], qtypes: [String] = [], negativeTTL: Int64 = 0, zone: String = "") {
        self.names = names
        self.qtypes = qtypes
        self.negativeTTL = negativeTTL
        self.zone = zone
    }
}

/// `servfail`: answer SERVFAIL, with an RFC 8914 Extended DNS Error when `ede` is set and the query had OPT.
public struct DNSServfailAttributes: Hashable, Sendable {
    public var names: [String]
    public var qtypes: [String]
    public var ede: Int64?

    public init(names: [String] = [], qtypes: [String] = [], ede: Int64? = nil) {
        self.names = names
        self.qtypes = qtypes
        self.ede = ede
    }
}

/// `latency`: delay whatever reply is sent by `latency` ± `jitter` milliseconds (uniform, like Toxiproxy).
public struct DNSLatencyAttributes: Hashable, Sendable {
    public var names: [String]
    public var qtypes: [String]
    public var latency: Int64
    public var jitter: Int64

    public init(names: [String] = [], qtypes: [String] = [], latency: Int64 = 0, jitter: Int64 = 0) {
        self.names = names
        self.qtypes = qtypes
        self.latency = latency
        self.jitter = jitter
    }
}

/// `drop`: send no reply over `transport` (`udp`, `tcp` or `both`).
public struct DNSDropAttributes: Hashable, Sendable {
    public var names: [String]
    public var qtypes: [String]
    public var transport: String

    public init(names: [String] = [], qtypes: [String] = [], transport: String = "both") {
        self.names = names
        self.qtypes = qtypes
        self.transport = transport
    }
}

/// `truncate`: over UDP, answer with TC=1, either bare (`empty`) or keeping the whole RRs that fit in `size`
/// (`partial`); over TCP answer normally (`tcp: ok`) or not at all (`tcp: drop`).
public struct DNSTruncateAttributes: Hashable, Sendable {
    public var names: [String]
    public var qtypes: [String]
    public var mode: String
    public var size: Int64
    public var tcp: String

    public init(names: [String] = [], qtypes: [String] = [], mode: String = "empty", size: Int64 = 512,
                tcp: String = "ok") {
        self.names = names
        self.qtypes = qtypes
        self.mode = mode
        self.size = size
        self.tcp = tcp
    }
}
