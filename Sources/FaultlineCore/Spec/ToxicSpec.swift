/// One toxic as configured on a proxy: what the API stores and echoes.
public struct ToxicSpec: Equatable, Sendable {
    public var name: String
    public var kind: ToxicKind
    public var stream: Direction
    /// The stream exactly as the client spelled it (`"UpStream"`); Toxiproxy echoes it verbatim.
    public var streamText: String
    /// Probability that the toxic applies to a given connection; stored as float32 like Toxiproxy.
    public var toxicity: Float
    /// Optional seed for this toxic's randomness (experiments send it); never echoed on the wire.
    public var seed: UInt64?

    public init(
        name: String? = nil, kind: ToxicKind, stream: Direction = .downstream, streamText: String? = nil,
        toxicity: Float = 1, seed: UInt64? = nil
    ) {
        let text = streamText ?? stream.rawValue
        self.name = name ?? "\(kind.typeName)_\(text)"
        self.kind = kind
        self.stream = stream
        self.streamText = text
        self.toxicity = toxicity
        self.seed = seed
    }
}
