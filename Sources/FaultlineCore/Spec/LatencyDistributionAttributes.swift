/// The `distribution` and `correlation` attributes a latency toxic (TCP or UDP) adds to `latency` and `jitter`.
///
/// `jitter` is the spread: uniform is flat over latency ± jitter, normal has standard deviation jitter, pareto and
/// paretonormal use netem's tables scaled by jitter (see `Distribution`). `correlation` is netem's, in [0, 1].
/// Decoded from the toxic's attributes object: these two keys are read and every other key is left to the
/// enclosing toxic, so a TCP `latency` can adopt them beside its Go-compatible `latency` and `jitter`.
public struct LatencyDistributionAttributes: Equatable, Sendable {
    /// The keys, in the order they are written.
    public static let keys = ["distribution", "correlation"]

    public var distribution: Distribution.Shape
    public var correlation: Double

    public init(distribution: Distribution.Shape = .uniform, correlation: Double = 0) {
        self.distribution = distribution
        self.correlation = correlation
    }

    /// These attributes with the keys present in `attributes` laid over them (nil, `null` and absent keys keep
    /// the current values), then validated. Errors name the field: `invalid value for attributes.distribution:
    /// must be one of uniform, normal, pareto, paretonormal`.
    public func merging(_ attributes: JSONValue?) throws(FaultlineError) -> LatencyDistributionAttributes {
        var merged = self
        try merged.read(AttributeReader(attributes, fields: Self.keys, strict: false))
        try merged.validate()
        return merged
    }

    /// Throws `.invalidValue` naming the first attribute out of range.
    public func validate() throws(FaultlineError) {
        guard (0...1).contains(correlation) else {
            throw .invalidValue(field: "attributes.correlation", reason: "must be between 0 and 1")
        }
    }

    /// The two members, in `keys` order, for the enclosing toxic's canonical object.
    public var members: [JSONMember] {
        [
            JSONMember(key: "distribution", value: .string(distribution.rawValue)),
            JSONMember(key: "correlation", value: .float(correlation)),
        ]
    }

    /// A seeded-state sampler for these settings.
    public func makeDistribution() -> Distribution {
        Distribution(distribution, correlation: correlation)
    }

    mutating func read(_ reader: AttributeReader) throws(FaultlineError) {
        if let shape = try reader.choice("distribution", Distribution.Shape.self) { distribution = shape }
        if let value = try reader.double("correlation") { correlation = value }
    }
}
