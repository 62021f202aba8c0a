/// `GET /toxic-types` for the TCP toxic types Core decodes: Toxiproxy's, then `loss`, `packet_loss` and `nxdomain`.
extension ToxicKind {
    /// Every type of `typeNames`, in that order. Keys and defaults are read off `ToxicKind(typeName:)`, the value a
    /// create body starts from; Toxiproxy's types have no ranges because the API accepts any integer for them
    /// (CONTRACT §2: extreme values are made harmless where they are used, never refused).
    public static var descriptions: [ToxicTypeDescription] {
        typeNames.compactMap { name in
            guard let kind = ToxicKind(typeName: name) else { return nil }
            let defaults = zip(kind.attributeKeys, kind.attributeValues).map { key, value in
                JSONMember(key: key, value: value.jsonValue)
            }
            // Faultline's keys on Toxiproxy's types are unset (null) until given, and echoed only then.
            let optional = kind.optionalAttributeKeys.map { JSONMember(key: $0, value: .null) }
            return ToxicTypeDescription(
                type: name, proxyKinds: [ProxyKind.tcp.rawValue], usesStream: kind.actsOnStream,
                help: typeHelp[name] ?? "", defaults: defaults + optional, notes: attributeNotes[name] ?? [:])
        }
    }

    static let typeHelp: [String: String] = [
        "latency": "Each chunk leaves latency ± jitter ms after it was read; order is kept and stacked latencies add.",
        "bandwidth": "Caps each connection's direction at rate KB/s (1 KB = 1000 B); the sender is pushed back.",
        "slow_close": "Data passes at once; the end of the stream (FIN) is held for delay ms.",
        "timeout": "Swallows data and closes after timeout ms without incoming data (0: never). Removal closes.",
        "reset_peer": "On the first data, waits timeout ms, then resets the connection (RST both ways).",
        "slicer": "Cuts chunks into pieces of about average_size ± size_variation bytes, delay µs apart.",
        "limit_data": "Passes exactly bytes bytes, then closes the connection; the count survives updates.",
        "noop": "Passes everything unchanged.",
        "loss": "Faithful TCP segment loss: lost segments arrive when TCP would retransmit them, bytes intact.",
        "packet_loss": "Toxiproxy's chunk dropping: each chunk is lost with loss_rate (stream-corrupting).",
        "nxdomain": "The upstream lookup fails: accepted clients hear nothing and are closed after delay ms.",
    ]

    static let attributeNotes: [String: [String: AttributeNote]] = [
        "latency": [
            "latency": .integer("ms", "Delay added to every chunk; negative means none."),
            "jitter": .integer("ms", "Uniform spread either side of latency."),
            "distribution": AttributeNote(
                type: .string, help: "Shape of the jitter (netem's tables); unset is Toxiproxy's uniform.",
                choices: Distribution.Shape.allCases.map(\.rawValue), nullable: true),
            "correlation": AttributeNote(
                type: .number, unit: "fraction", help: "How much each delay follows the previous one.",
                minimum: .float(0), maximum: .float(1), nullable: true),
        ],
        "bandwidth": [
            "rate": .integer("KB/s", "Per connection (or proxy) and direction; 0 or less lets nothing through."),
            "scope": AttributeNote(
                type: .string, help: "proxy: one rate shared fairly by all the proxy's connections; unset: each.",
                choices: BandwidthAttributes.scopes, nullable: true),
        ],
        "slow_close": ["delay": .integer("ms", "How long the end of the stream is held.")],
        "timeout": ["timeout": .integer("ms", "Close after this long without incoming data; 0 never closes.")],
        "reset_peer": ["timeout": .integer("ms", "Wait after the first data before the reset.")],
        "slicer": [
            "average_size": .integer("bytes", "Mean piece size; 0 or less passes chunks whole."),
            "size_variation": .integer("bytes", "Spread of piece sizes (clamped below average_size)."),
            "delay": .integer("µs", "Pause between pieces."),
        ],
        "limit_data": ["bytes": .integer("bytes", "Bytes passed before the connection is closed.")],
        "loss": [
            "probability": .fraction("Mean fraction of transmissions lost (Gilbert model)."),
            "burst": .number("", "Mean length of a run of consecutive losses.", atLeast: 1),
            "segment_size": .integer("bytes", "Largest segment (1448: Ethernet MSS).", in: 1...maximumSegmentSize),
            "rtt": .integer("ms", "Round-trip time the recovery model assumes.", in: 0...maximumMilliseconds),
            "rto_min": .integer("ms", "Floor of the retransmit timeout (≤ rto_max).", in: 1...maximumMilliseconds),
            "rto_max": .integer("ms", "Ceiling of the backed-off timeout (≥ rto_min).", in: 1...maximumMilliseconds),
            "max_retries": .integer("", "Losses of one segment beyond this reset it.", in: 0...maximumRetries),
            "mode": .choice("stall: retransmit, bytes intact; drop: discard lost segments.", LossMode.self),
            "window": .integer("bytes", "Bytes held before the sender is pushed back.", in: 1...maximumWindow),
        ],
        "packet_loss": [
            "loss_rate": .number("fraction", "Drop probability of each chunk (clamped to [0, 1] when used)."),
            "correlation": .number("fraction", "Added to loss_rate right after a dropped chunk."),
        ],
        "nxdomain": [
            "delay": .integer("ms", "From accept to close: how slow the lookup is.", in: 0...maximumMilliseconds),
            "reset": .boolean("Close with RST instead of FIN."),
            "negative_ttl": .integer(
                "ms", "After a hit, every new connection fails alike for this long.", in: 0...maximumMilliseconds),
        ],
    ]
}

extension ToxicAttributeValue {
    /// The value as a parsed JSON value, written exactly as the toxic object writes it.
    public var jsonValue: JSONValue {
        switch self {
        case .int(let value): .integer(value)
        case .float(let value): .float(value)
        case .string(let value): .string(value)
        case .bool(let value): .bool(value)
        }
    }
}
