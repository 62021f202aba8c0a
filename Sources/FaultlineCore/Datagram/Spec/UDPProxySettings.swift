/// A `udp` proxy's own block: how long an idle client session lives and how many sessions it may hold.
///
/// `{"idle_timeout":60000,"max_sessions":10000}`. Decoded strictly (an unknown key or a value out of range is a 400
/// naming it, `invalid value for udp.max_sessions: must be between 1 and 1000000`), written with every key in this
/// order. Like a DNS proxy's block, an update replaces it whole: keys left out take their defaults.
public struct UDPProxySettings: Equatable, Sendable {
    public static let keys = ["idle_timeout", "max_sessions"]
    /// A day: longer than any UDP flow a NAT would keep.
    public static let maximumIdleTimeout: Int64 = 86_400_000
    /// Each session holds a descriptor; the process's descriptor limit is the real bound (see the server's eviction).
    public static let maximumSessions: Int64 = 1_000_000

    /// Milliseconds without a datagram in either direction after which a session is closed.
    public var idleTimeout: Int64
    /// Sessions at once; a new client beyond this evicts the session idle the longest.
    public var maxSessions: Int64

    public init(idleTimeout: Int64 = 60_000, maxSessions: Int64 = 10_000) {
        self.idleTimeout = idleTimeout
        self.maxSessions = maxSessions
    }

    /// Reads a `udp` block over the defaults (nil or `null`: every default) and validates it.
    public init(json: JSONValue?) throws(FaultlineError) {
        self.init()
        let reader = try AttributeReader(json, path: "udp", fields: Self.keys, strict: true)
        if let value = try reader.integer("idle_timeout") { idleTimeout = value }
        if let value = try reader.integer("max_sessions") { maxSessions = value }
        try Self.check(idleTimeout, in: 1...Self.maximumIdleTimeout, "idle_timeout", unit: " milliseconds")
        try Self.check(maxSessions, in: 1...Self.maximumSessions, "max_sessions", unit: "")
    }

    /// The block as the API shows it, every key present.
    public var json: JSONValue {
        .object([
            JSONMember(key: "idle_timeout", value: .integer(idleTimeout)),
            JSONMember(key: "max_sessions", value: .integer(maxSessions)),
        ])
    }

    public var idleDuration: Duration { .milliseconds(idleTimeout) }

    private static func check(
        _ value: Int64, in range: ClosedRange<Int64>, _ key: String, unit: String
    ) throws(FaultlineError) {
        guard range.contains(value) else {
            throw .invalidValue(
                field: "udp.\(key)", reason: "must be between \(range.lowerBound) and \(range.upperBound)\(unit)")
        }
    }
}

extension DatagramToxicSpec {
    /// The datagram toxic a UDP proxy's `ToxicSpec` describes; nil for any other kind of toxic.
    public init?(_ toxic: ToxicSpec) {
        guard case .udp(let kind) = toxic.kind else { return nil }
        self.init(
            name: toxic.name, kind: kind, stream: toxic.stream, toxicity: toxic.toxicity, seed: toxic.seed,
            options: toxic.options)
    }
}
