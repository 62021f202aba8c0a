/// One datagram toxic as configured on a `udp` proxy: its name, kind, direction, toxicity and optional seed.
public struct DatagramToxicSpec: Equatable, Sendable {
    public var name: String
    public var kind: DatagramToxicKind
    /// `upstream` is client → server, as for TCP proxies.
    public var stream: Direction
    /// Probability that the toxic applies to a given client session, rolled when it joins the session's link.
    public var toxicity: Float
    /// Optional seed for this toxic's randomness (mixed with the session's draw, as for TCP toxics).
    public var seed: UInt64?
    /// `clients` (matched against the session's client), `schedule` and the creation instant.
    public var options: ToxicOptions

    public init(
        name: String? = nil, kind: DatagramToxicKind, stream: Direction = .downstream, toxicity: Float = 1,
        seed: UInt64? = nil, options: ToxicOptions = ToxicOptions()
    ) {
        self.name = name ?? "\(kind.typeName)_\(stream.rawValue)"
        self.kind = kind
        self.stream = stream
        self.toxicity = toxicity
        self.seed = seed
        self.options = options
    }

    /// The runtime toxic: the kind's, wrapped in `ScheduledDatagram` when it flaps.
    public func makeToxic(seed: UInt64) -> any DatagramToxic {
        guard let schedule = options.schedule else { return kind.makeToxic(seed: seed) }
        return ScheduledDatagram(kind: kind, schedule: schedule, createdAt: options.createdAt, seed: seed)
    }

    /// This toxic as a session from `client` sees it: toxicity 0 (never applied, one draw still) when `clients`
    /// does not admit the client.
    public func forClient(_ client: [UInt8]?) -> DatagramToxicSpec {
        guard !options.admits(client) else { return self }
        var excluded = self
        excluded.toxicity = 0
        return excluded
    }
}
