/// Range checks for Faultline's own toxic types, so a bad value is a 400 that names the field.
///
/// Toxiproxy's types, and `packet_loss` (Toxiproxy's own, which clamps silently), are never refused: their
/// extreme values are made harmless where they are used (CONTRACT §2). The errors are
/// `FaultlineError.invalidValue(field: "attributes.<key>", reason: …)`, the style the DNS toxics use, so every
/// range error in the API reads `invalid value for attributes.probability: must be between 0 and 1`. Type
/// errors (a string where an integer belongs) keep Go's `bad request body: json: cannot unmarshal …` wording.
extension ToxicKind {
    /// The longest duration any of these attributes may hold: an hour is far past any TCP or resolver timer.
    public static let maximumMilliseconds: Int64 = 3_600_000
    /// The largest `segment_size`: TCP's MSS option is 16 bits.
    public static let maximumSegmentSize: Int64 = 65_535
    /// The largest `max_retries`: even at `rto_min` 1 ms this bounds the work one segment can cause.
    public static let maximumRetries: Int64 = 1000
    /// The largest `window`: 1 GiB.
    public static let maximumWindow: Int64 = 1 << 30

    /// Throws `.invalidValue` naming the first attribute out of range, checked in `attributeKeys` order.
    public func validate() throws(FaultlineError) {
        switch self {
        case .loss(let a): try Self.validate(a)
        case .nxdomain(let a):
            try Self.check(a.delay, in: 0...Self.maximumMilliseconds, "delay", unit: " milliseconds")
            try Self.check(a.negativeTTL, in: 0...Self.maximumMilliseconds, "negative_ttl", unit: " milliseconds")
        // DNS and HTTP toxics are checked by the server with FaultlineDNS and FaultlineHTTPFaults, which know them.
        case .udp(let kind): try kind.validate()
        case .latency(let a): try Self.validateSpread(a)
        case .bandwidth(let a):
            guard a.scope.map(BandwidthAttributes.scopes.contains) ?? true else {
                throw .invalidValue(field: "attributes.scope", reason: "must be connection or proxy")
            }
        case .slowClose, .timeout, .resetPeer, .slicer, .limitData, .noop, .packetLoss, .dns, .http, .tls:
            break
        }
    }

    /// Toxiproxy's `latency` and `jitter` stay unchecked; Faultline's `distribution` and `correlation` are checked.
    private static func validateSpread(_ a: LatencyAttributes) throws(FaultlineError) {
        if let name = a.distribution, Distribution.Shape(rawValue: name) == nil {
            let names = Distribution.Shape.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidValue(field: "attributes.distribution", reason: "must be one of \(names)")
        }
        if let correlation = a.correlation {
            try LatencyDistributionAttributes(correlation: correlation).validate()
        }
    }

    private static func validate(_ a: LossAttributes) throws(FaultlineError) {
        guard (0...1).contains(a.probability) else {
            throw .invalidValue(field: "attributes.probability", reason: "must be between 0 and 1")
        }
        guard a.burst >= 1, a.burst.isFinite else {
            throw .invalidValue(field: "attributes.burst", reason: "must be at least 1")
        }
        try check(a.segmentSize, in: 1...maximumSegmentSize, "segment_size", unit: " bytes")
        try check(a.rtt, in: 0...maximumMilliseconds, "rtt", unit: " milliseconds")
        // A zero RTO would let a lost segment retransmit again at the same instant.
        try check(a.rtoMin, in: 1...maximumMilliseconds, "rto_min", unit: " milliseconds")
        try check(a.rtoMax, in: 1...maximumMilliseconds, "rto_max", unit: " milliseconds")
        guard a.rtoMin <= a.rtoMax else {
            throw .invalidValue(field: "attributes.rto_min", reason: "must not exceed rto_max (\(a.rtoMax))")
        }
        try check(a.maxRetries, in: 0...maximumRetries, "max_retries", unit: "")
        guard LossMode(rawValue: a.mode) != nil else {
            throw .invalidValue(field: "attributes.mode", reason: "must be stall or drop")
        }
        try check(a.window, in: 1...maximumWindow, "window", unit: " bytes")
    }

    private static func check(
        _ value: Int64,
        in range: ClosedRange<Int64>,
        _ key: String,
        unit: String
    ) throws(FaultlineError) {
        guard range.contains(value) else {
            throw .invalidValue(
                field: "attributes.\(key)",
                reason: "must be between \(range.lowerBound) and \(range.upperBound)\(unit)"
            )
        }
    }
}
