/// The attribute sets of each toxic type: Toxiproxy's as integers exactly as it stores them, then Faultline's own.

/// `latency`: delay each chunk by `latency` ± `jitter` milliseconds.
///
/// Faultline adds `distribution` (netem's shape of the jitter) and `correlation` (0–1): nil until set, so a toxic
/// made with Toxiproxy's fields echoes only those. The text is kept as sent and checked by `ToxicKind.validate()`.
public struct LatencyAttributes: Equatable, Sendable {
    public var latency: Int64
    public var jitter: Int64
    public var distribution: String?
    public var correlation: Double?
    public init(latency: Int64 = 0, jitter: Int64 = 0, distribution: String? = nil, correlation: Double? = nil) {
        self.latency = latency
        self.jitter = jitter
        self.distribution = distribution
        self.correlation = correlation
    }

    /// The shape and correlation to draw with, or nil for Toxiproxy's uniform integer jitter (unset, or uniform
    /// with no correlation), whose draws existing seeds replay.
    public var spread: LatencyDistributionAttributes? {
        let shape = distribution.flatMap(Distribution.Shape.init(rawValue:)) ?? .uniform
        let correlation = correlation ?? 0
        guard shape != .uniform || correlation != 0 else { return nil }
        return LatencyDistributionAttributes(distribution: shape, correlation: correlation)
    }
}

/// `bandwidth`: at most `rate` KB/s (1 KB = 1000 bytes) per connection and direction.
///
/// Faultline adds `scope`: `"connection"` (the default, Toxiproxy's behaviour) or `"proxy"`, one rate shared fairly by
/// every connection of the proxy. Nil until set; checked by `ToxicKind.validate()`.
public struct BandwidthAttributes: Equatable, Sendable {
    public var rate: Int64
    public var scope: String?
    public init(rate: Int64 = 0, scope: String? = nil) {
        self.rate = rate
        self.scope = scope
    }

    /// The scopes `scope` may name.
    public static let scopes = ["connection", "proxy"]

    /// Whether the rate is shared by the proxy's connections.
    public var isProxyWide: Bool { scope == "proxy" }
}

/// `slow_close`: hold the end of the stream for `delay` milliseconds.
public struct SlowCloseAttributes: Equatable, Sendable {
    public var delay: Int64
    public init(delay: Int64 = 0) { self.delay = delay }
}

/// `timeout`: swallow data; close after `timeout` ms without incoming data (0 = never).
public struct TimeoutAttributes: Equatable, Sendable {
    public var timeout: Int64
    public init(timeout: Int64 = 0) { self.timeout = timeout }
}

/// `reset_peer`: on the first data, wait `timeout` ms, then reset the connection.
public struct ResetPeerAttributes: Equatable, Sendable {
    public var timeout: Int64
    public init(timeout: Int64 = 0) { self.timeout = timeout }
}

/// `slicer`: cut chunks into pieces of about `averageSize` ± `sizeVariation` bytes, `delay` µs apart.
public struct SlicerAttributes: Equatable, Sendable {
    public var averageSize: Int64
    public var sizeVariation: Int64
    public var delay: Int64
    public init(averageSize: Int64 = 0, sizeVariation: Int64 = 0, delay: Int64 = 0) {
        self.averageSize = averageSize
        self.sizeVariation = sizeVariation
        self.delay = delay
    }
}

/// `limit_data`: pass `bytes` bytes, then close the connection.
public struct LimitDataAttributes: Equatable, Sendable {
    public var bytes: Int64
    public init(bytes: Int64 = 0) { self.bytes = bytes }
}

// Faultline's own TCP toxic types. Unlike Toxiproxy's, their attributes have real defaults (not Go's zero
// values) and out-of-range values are refused with a 400 naming the field (`ToxicKind+Validation.swift`).

/// `loss`: TCP segment loss emulated as retransmission stalls (byte-exact), or as discarded segments (`drop`).
public struct LossAttributes: Equatable, Sendable {
    /// Mean fraction of transmissions lost, in [0, 1].
    public var probability: Double
    /// Mean length of a run of consecutive losses (≥ 1; Simple Gilbert's 1/r).
    public var burst: Double
    /// Largest segment in bytes (1448: Ethernet MSS with TCP timestamps).
    public var segmentSize: Int64
    /// Round-trip time in ms the recovery model assumes (0: loopback).
    public var rtt: Int64
    /// Linux's TCP_RTO_MIN in ms: the floor of the retransmission timeout.
    public var rtoMin: Int64
    /// Linux's TCP_RTO_MAX in ms: the ceiling of the backed-off retransmission timeout.
    public var rtoMax: Int64
    /// Losses of one segment in a row beyond this reset the connection (Linux's tcp_retries2).
    public var maxRetries: Int64
    /// `"stall"` (retransmit: delay, bytes intact) or `"drop"` (discard lost segments: corrupts the stream).
    public var mode: String
    /// Bytes held before the toxic stops reading, so that the sender blocks as a full TCP window would.
    public var window: Int64

    public init(
        probability: Double = 0.01, burst: Double = 1, segmentSize: Int64 = 1448, rtt: Int64 = 0,
        rtoMin: Int64 = 200, rtoMax: Int64 = 120_000, maxRetries: Int64 = 15, mode: String = "stall",
        window: Int64 = 4 << 20
    ) {
        self.probability = probability
        self.burst = burst
        self.segmentSize = segmentSize
        self.rtt = rtt
        self.rtoMin = rtoMin
        self.rtoMax = rtoMax
        self.maxRetries = maxRetries
        self.mode = mode
        self.window = window
    }
}

/// `packet_loss` (Toxiproxy PR #739): drop whole chunks, with additive burst correlation.
public struct PacketLossAttributes: Equatable, Sendable {
    /// Drop probability of a chunk after a chunk that passed; clamped to [0, 1] when used.
    public var lossRate: Double
    /// Added to `lossRate` for a chunk right after a dropped one; clamped to [0, 1] when used.
    public var correlation: Double

    /// Upstream registers a zero-valued prototype, so an omitted `loss_rate` reads as 0 there too.
    public init(lossRate: Double = 0, correlation: Double = 0) {
        self.lossRate = lossRate
        self.correlation = correlation
    }
}

/// `nxdomain` on a TCP proxy: the upstream lookup "fails"; the accepted client is closed after `delay` ms.
public struct NXDomainAttributes: Equatable, Sendable {
    /// Milliseconds from accept to close: how slow the failed lookup is.
    public var delay: Int64
    /// Close with RST (SO_LINGER 0) instead of FIN.
    public var reset: Bool
    /// Milliseconds after a hit during which every new connection fails the same way without a roll.
    public var negativeTTL: Int64

    public init(delay: Int64 = 0, reset: Bool = false, negativeTTL: Int64 = 0) {
        self.delay = delay
        self.reset = reset
        self.negativeTTL = negativeTTL
    }
}
