/// The `dns` object of a `kind: "dns"` proxy: `{records, fallback, udp_size, upstream_timeout}` as given.
import FaultlineCore

/// A DNS listener's settings as the user gave them; `validate` and `DNSResponder(spec:)` check them.
public struct DNSSpec: Hashable, Sendable {
    /// Short, because tests toggle records and toxics and must not wait out caches.
    public static let defaultTTL: Int64 = 5
    /// DNS Flag Day 2020's recommended EDNS payload size.
    public static let defaultUDPSize: Int64 = 1232
    public static let defaultUpstreamTimeout: Int64 = 2000
    /// Accepted `udp_size`: RFC 6891's floor up to the largest size any resolver advertises in practice.
    public static let udpSizeRange: ClosedRange<Int64> = 512...4096
    /// Accepted `upstream_timeout` in milliseconds.
    public static let upstreamTimeoutRange: ClosedRange<Int64> = 1...60_000

    public var records: [DNSStaticRecord]
    /// `forward`, `nxdomain`, `refused`, or nil (or empty) for the default that depends on the upstream.
    public var fallback: String?
    /// Our advertised EDNS payload size, bytes.
    public var udpSize: Int64
    /// How long to wait for the upstream before answering SERVFAIL, milliseconds.
    public var upstreamTimeout: Int64

    public init(
        records: [DNSStaticRecord] = [], fallback: String? = nil, udpSize: Int64 = DNSSpec.defaultUDPSize,
        upstreamTimeout: Int64 = DNSSpec.defaultUpstreamTimeout
    ) {
        self.records = records
        self.fallback = fallback
        self.udpSize = udpSize
        self.upstreamTimeout = upstreamTimeout
    }

    /// The fallback in force: the one given, else `forward` with an upstream and `nxdomain` without.
    public func resolvedFallback(hasUpstream: Bool) throws(FaultlineError) -> DNSFallback {
        guard let text = fallback, !text.isEmpty else { return hasUpstream ? .forward : .nxdomain }
        guard let value = DNSFallback(rawValue: text.lowercased()) else {
            throw .invalidValue(field: "dns.fallback", reason: "must be forward, nxdomain or refused")
        }
        guard value != .forward || hasUpstream else {
            throw .invalidValue(field: "dns.fallback", reason: "forward needs an upstream resolver")
        }
        return value
    }

    /// Checks every field, naming the first bad one (`dns.records[2].value`, `dns.udp_size`, …).
    public func validate(hasUpstream: Bool) throws(FaultlineError) {
        _ = try DNSRecordTable(records: records)
        _ = try resolvedFallback(hasUpstream: hasUpstream)
        guard Self.udpSizeRange.contains(udpSize) else {
            throw .invalidValue(field: "dns.udp_size", reason: "must be between 512 and 4096")
        }
        guard Self.upstreamTimeoutRange.contains(upstreamTimeout) else {
            throw .invalidValue(field: "dns.upstream_timeout", reason: "must be between 1 and 60000 milliseconds")
        }
    }

    /// The upstream timeout as a duration.
    public var upstreamTimeoutDuration: Duration { .clampedMilliseconds(upstreamTimeout) }
}
