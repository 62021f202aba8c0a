/// The accept-time decision of a TCP proxy's `nxdomain` toxics: connect to the upstream, or fail like a lookup.
///
/// One gate per proxy, kept by the server beside the proxy's toxics. For each accepted connection the server
/// calls `decide` before it resolves or dials anything; on `.fail` it never contacts the upstream, keeps the
/// accepted socket silent, and closes it at `closeAt` (with RST when `reset`), counting a DNS failure whose
/// log reason is `lookup <host>: no such host`.
///
/// Rules:
/// - Only `nxdomain` toxics count, in the order given (the proxy's wire order); `stream` is ignored.
/// - Each is rolled once per connection with `Link`'s toxicity roll (exactly one draw from `rng` each,
///   whatever the outcome, so the count of draws never depends on luck); the first that hits decides:
///   close `delay` ms after `now`.
/// - A hit with `negative_ttl` > 0 opens a window (the resolver caching the NXDOMAIN): until
///   hit + `negative_ttl`, every new connection fails the same way without rolling and takes no draws.
///   The window follows the toxic's current attributes (a PATCH of `negative_ttl`, `delay` or `reset`
///   applies at once) and ends early when that toxic is removed.
/// - Connections already open are never affected, as with a real lookup failure.
/// - A toxic with `clients` acts only on connections from those addresses, one with a `schedule` only in its on
///   phases (its window too); it still takes its draw, so other toxics' rolls do not depend on who connects when.
public struct NXDomainGate: Equatable, Sendable {
    /// What happens to one accepted connection.
    public enum Decision: Equatable, Sendable {
        /// Resolve and dial the upstream as usual.
        case pass
        /// Send nothing; close at `closeAt` (RST when `reset`); `toxicName` is the toxic that decided.
        case fail(closeAt: Instant, reset: Bool, toxicName: String)
    }

    /// The hit that opened the negative-cache window.
    public struct CachedHit: Equatable, Sendable {
        public var toxicName: String
        public var at: Instant

        public init(toxicName: String, at: Instant) {
            self.toxicName = toxicName
            self.at = at
        }
    }

    /// The current window's hit, nil when none is open (it may have expired; `decide` clears it then).
    public private(set) var cachedHit: CachedHit?

    public init() {}

    /// Decides for a connection from `client` (its address bytes) accepted at `now`, rolling with the connection's
    /// generator `rng`.
    public mutating func decide(
        toxics: [ToxicSpec], now: Instant, rng: inout SplitMix64, client: [UInt8]? = nil
    ) -> Decision {
        func acts(_ spec: ToxicSpec) -> Bool { spec.options.admits(client) && spec.options.isActive(at: now) }
        if let hit = cachedHit,
            let spec = toxics.first(where: { $0.name.isBytewiseEqual(to: hit.toxicName) }),
            case .nxdomain(let attributes) = spec.kind,
            now < hit.at + Self.milliseconds(attributes.negativeTTL)
        {
            // Another client, or an off phase: the window stays open for the others (and later).
            if acts(spec) { return Self.failure(spec.name, attributes, now: now) }
        } else {
            cachedHit = nil
        }
        var decision = Decision.pass
        for spec in toxics {
            guard case .nxdomain(let attributes) = spec.kind else { continue }
            let applies = Link.roll(spec, using: &rng).applies && acts(spec)
            guard applies, decision == .pass else { continue }
            decision = Self.failure(spec.name, attributes, now: now)
            if attributes.negativeTTL > 0, cachedHit == nil { cachedHit = CachedHit(toxicName: spec.name, at: now) }
        }
        return decision
    }

    private static func failure(_ name: String, _ attributes: NXDomainAttributes, now: Instant) -> Decision {
        .fail(closeAt: now + milliseconds(attributes.delay), reset: attributes.reset, toxicName: name)
    }

    /// A non-negative attribute duration (validation keeps them so; values built in code are clamped).
    private static func milliseconds(_ value: Int64) -> Duration {
        .clampedMilliseconds(max(value, 0))
    }
}
