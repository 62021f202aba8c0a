/// One toxic on a DNS listener as configured: name, kind with attributes, and per-query `toxicity`.
import FaultlineCore

public struct DNSToxicSpec: Hashable, Sendable {
    public var name: String
    public var kind: DNSFaultKind
    /// Probability that the toxic acts on a matching query; clamped to [0, 1] when rolled.
    public var toxicity: Float
    /// `clients` (matched against the query's source address) and `schedule`, with the creation instant.
    public var options: ToxicOptions

    public init(name: String, kind: DNSFaultKind, toxicity: Float = 1, options: ToxicOptions = ToxicOptions()) {
        self.name = name
        self.kind = kind
        self.toxicity = toxicity
        self.options = options
    }
}
