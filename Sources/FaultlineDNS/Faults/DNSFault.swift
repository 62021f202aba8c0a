/// A validated DNS toxic, ready to match queries and roll its toxicity from a per-query seed.
import FaultlineCore

/// One DNS toxic compiled from its `DNSToxicSpec`: patterns parsed, qtypes resolved, values checked.
public struct DNSFault: Hashable, Sendable {
    /// What the toxic does when it matches and its roll hits.
    enum Effect: Hashable, Sendable {
        case nxdomain(negativeTTL: UInt32, zone: DNSName?)
        case servfail(ede: UInt16?)
        /// Milliseconds, both already validated non-negative.
        case latency(Int64, jitter: Int64)
        case drop(udp: Bool, tcp: Bool)
        case truncate(DNSTruncation, dropOnTCP: Bool)
    }

    /// What the listener should do for a query an outcome toxic decided.
    enum Outcome: Hashable, Sendable {
        case nxdomain(soaOwner: DNSName, negativeTTL: UInt32)
        case servfail(ede: UInt16?)
        case drop
        case truncate(DNSTruncation)
    }

    /// The toxic's name: reported in `.drop(.injected(toxic:))` and mixed into its rolls.
    public let name: String
    /// Probability per matching query, as configured.
    public let toxicity: Float
    let patterns: [DNSNamePattern]
    let qtypes: Set<DNSRecordType>
    let effect: Effect
    /// Mixed with each query's seed: a toxic's rolls do not depend on which other toxics exist.
    let seedLabel: UInt64
    /// `clients` and `schedule`: which query sources, and when, the toxic acts on.
    let options: ToxicOptions

    /// Validates the spec; errors name the attribute (`attributes.names[1]`, `attributes.size`, …).
    public init(_ spec: DNSToxicSpec) throws(FaultlineError) {
        name = spec.name
        toxicity = spec.toxicity
        patterns = try Self.patterns(spec.kind.names)
        qtypes = try Self.qtypes(spec.kind.qtypes)
        effect = try Self.effect(spec.kind)
        seedLabel = Self.fnv1a(spec.name)
        options = spec.options
    }

    /// Whether the toxic acts on a query from `source` (address bytes) at `now`: its `clients` admit the source
    /// and its `schedule`, if any, is in an on phase.
    func acts(on source: [UInt8]?, at now: Instant) -> Bool {
        options.admits(source) && options.isActive(at: now)
    }

    /// Latency toxics add delay; the others decide the reply.
    var isLatency: Bool {
        if case .latency = effect { return true }
        return false
    }

    /// A query this toxic applies to, and the pattern that selected it (nil when `names` is empty).
    struct Match {
        var pattern: DNSNamePattern?
    }

    /// Whether the toxic applies to this question on this transport, before any roll.
    func match(_ question: DNSQuestion, transport: DNSTransport) -> Match? {
        guard qtypes.isEmpty || qtypes.contains(question.type) else { return nil }
        switch (effect, transport) {
        case (.drop(let udp, _), .udp) where !udp: return nil
        case (.drop(_, let tcp), .tcp) where !tcp: return nil
        case (.truncate(_, let dropOnTCP), .tcp) where !dropOnTCP: return nil
        default: break
        }
        if patterns.isEmpty { return Match(pattern: nil) }
        guard let pattern = patterns.first(where: { $0.matches(question.name) }) else { return nil }
        return Match(pattern: pattern)
    }

    /// A generator private to this toxic and this query.
    func generator(querySeed: UInt64) -> SplitMix64 {
        SplitMix64(seed: SplitMix64.mix(querySeed, seedLabel))
    }

    /// One roll against `toxicity`, clamped so that values outside [0, 1] mean never or always.
    func hits(using generator: inout SplitMix64) -> Bool {
        generator.nextUnitDouble() < min(max(Double(toxicity), 0), 1)
    }

    /// This toxic's delay for one query: `latency` plus a uniform integer in [-jitter, jitter), floored at 0.
    func delay(using generator: inout SplitMix64) -> Duration {
        guard case .latency(let latency, let jitter) = effect else { return .zero }
        let offset = jitter > 0 ? Int64.random(in: -jitter..<jitter, using: &generator) : 0
        return .milliseconds(max(0, latency + offset))
    }

    /// The reply decision for a question this toxic matched through `pattern`; nil for latency.
    func outcome(for question: DNSQuestion, transport: DNSTransport, pattern: DNSNamePattern?) -> Outcome? {
        switch effect {
        case .latency: nil
        case .nxdomain(let ttl, let zone):
            .nxdomain(soaOwner: zone ?? pattern?.zone ?? question.name.parent, negativeTTL: ttl)
        case .servfail(let ede): .servfail(ede: ede)
        case .drop: .drop
        case .truncate(let truncation, _): transport == .tcp ? .drop : .truncate(truncation)
        }
    }

    /// FNV-1a over the UTF-8 name: stable across runs, unlike `Hasher`.
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
