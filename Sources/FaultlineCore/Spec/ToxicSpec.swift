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
    /// Faultline's `clients`, `ttl` and `schedule`, which any toxic may carry inside its attributes.
    public var options: ToxicOptions
    /// The rate a proxy-wide `bandwidth` shares between every connection on every loop (the server makes it when
    /// the toxic is stored); never on the wire.
    public var sharedRate: SharedRate?

    public init(
        name: String? = nil, kind: ToxicKind, stream: Direction = .downstream, streamText: String? = nil,
        toxicity: Float = 1, seed: UInt64? = nil, options: ToxicOptions = ToxicOptions()
    ) {
        let text = streamText ?? stream.rawValue
        self.name = name ?? "\(kind.typeName)_\(text)"
        self.kind = kind
        self.stream = stream
        self.streamText = text
        self.toxicity = toxicity
        self.seed = seed
        self.options = options
    }
}

extension ToxicSpec {
    /// This toxic as a connection from `client` (address bytes) should see it: unchanged when `clients` admits the
    /// client, else with toxicity 0, so its roll never applies it (one draw still, as for any roll) — a client
    /// outside `clients` is a lost toxicity roll, for toxics added later to live connections too.
    public func forClient(_ client: [UInt8]?) -> ToxicSpec {
        guard !options.admits(client) else { return self }
        var excluded = self
        excluded.toxicity = 0
        return excluded
    }
}
