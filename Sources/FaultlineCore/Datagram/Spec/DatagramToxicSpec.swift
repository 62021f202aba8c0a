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

    public init(
        name: String? = nil, kind: DatagramToxicKind, stream: Direction = .downstream, toxicity: Float = 1,
        seed: UInt64? = nil
    ) {
        self.name = name ?? "\(kind.typeName)_\(stream.rawValue)"
        self.kind = kind
        self.stream = stream
        self.toxicity = toxicity
        self.seed = seed
    }
}
