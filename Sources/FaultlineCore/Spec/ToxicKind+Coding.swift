/// The wire shape of a toxic type: its `type` name, its `attributes` in Go struct order, and Go's names for errors.
extension ToxicKind {
    /// The kind named `typeName` with its default attributes (Go's zero values for Toxiproxy's types); nil for an
    /// unknown type. The match is exact and case-sensitive, as Toxiproxy's registry lookup is.
    public init?(typeName: String) {
        switch typeName {
        case "latency": self = .latency(LatencyAttributes())
        case "bandwidth": self = .bandwidth(BandwidthAttributes())
        case "slow_close": self = .slowClose(SlowCloseAttributes())
        case "timeout": self = .timeout(TimeoutAttributes())
        case "reset_peer": self = .resetPeer(ResetPeerAttributes())
        case "slicer": self = .slicer(SlicerAttributes())
        case "limit_data": self = .limitData(LimitDataAttributes())
        case "noop": self = .noop
        case "loss": self = .loss(LossAttributes())
        case "packet_loss": self = .packetLoss(PacketLossAttributes())
        case "nxdomain": self = .nxdomain(NXDomainAttributes())
        default: return nil
        }
    }

    /// The HTTP fault named `typeName` with no attributes yet (the server fills in the defaults); nil for any other
    /// name. Kept apart from `init(typeName:)`, which names the types an experiment file may use.
    public init?(httpTypeName typeName: String) {
        guard Self.httpTypeNames.contains(typeName) else { return nil }
        self = .http(type: typeName, attributes: .object([]))
    }

    /// The TLS fault named `typeName` with no attributes yet (the server fills in the defaults); nil for any other name.
    public init?(tlsTypeName typeName: String) {
        guard Self.tlsTypeNames.contains(typeName) else { return nil }
        self = .tls(type: typeName, attributes: .object([]))
    }

    /// The attribute keys on the wire, in the order they are written (Toxiproxy's Go struct order for its types;
    /// a fixed documented order for Faultline's). Every key is always written.
    public var attributeKeys: [String] {
        switch self {
        case .latency: ["latency", "jitter"]
        case .bandwidth: ["rate"]
        case .slowClose: ["delay"]
        case .timeout, .resetPeer: ["timeout"]
        case .slicer: ["average_size", "size_variation", "delay"]
        case .limitData: ["bytes"]
        case .noop: []
        case .loss:
            ["probability", "burst", "segment_size", "rtt", "rto_min", "rto_max", "max_retries", "mode", "window"]
        case .packetLoss: ["loss_rate", "correlation"]
        case .nxdomain: ["delay", "reset", "negative_ttl"]
        case .dns, .http, .tls, .udp: []  // a JSON object, written and merged whole (udp: typed, written canonically)
        }
    }

    /// The attribute values, parallel to `attributeKeys`; each value's case is its key's type.
    public var attributeValues: [ToxicAttributeValue] {
        switch self {
        case .latency(let a): [.int(a.latency), .int(a.jitter)]
        case .bandwidth(let a): [.int(a.rate)]
        case .slowClose(let a): [.int(a.delay)]
        case .timeout(let a): [.int(a.timeout)]
        case .resetPeer(let a): [.int(a.timeout)]
        case .slicer(let a): [.int(a.averageSize), .int(a.sizeVariation), .int(a.delay)]
        case .limitData(let a): [.int(a.bytes)]
        case .noop: []
        case .loss(let a):
            [
                .float(a.probability), .float(a.burst), .int(a.segmentSize), .int(a.rtt), .int(a.rtoMin),
                .int(a.rtoMax), .int(a.maxRetries), .string(a.mode), .int(a.window),
            ]
        case .packetLoss(let a): [.float(a.lossRate), .float(a.correlation)]
        case .nxdomain(let a): [.int(a.delay), .bool(a.reset), .int(a.negativeTTL)]
        case .dns, .http, .tls, .udp: []
        }
    }

    /// The same kind with new attribute values (parallel to `attributeKeys`); entries that are missing or of
    /// another type keep the current value.
    public func replacingAttributeValues(_ values: [ToxicAttributeValue]) -> ToxicKind {
        var current = attributeValues
        for index in current.indices where index < values.count && values[index].hasSameType(as: current[index]) {
            current[index] = values[index]
        }
        // Every entry of `current` keeps its key's type, so these reads always find a value.
        func int(_ index: Int) -> Int64 { current[index].int ?? 0 }
        func float(_ index: Int) -> Double { current[index].float ?? 0 }
        switch self {
        case .latency(var a):
            (a.latency, a.jitter) = (int(0), int(1))
            return .latency(a)
        case .bandwidth(var a):
            a.rate = int(0)
            return .bandwidth(a)
        case .slowClose: return .slowClose(SlowCloseAttributes(delay: int(0)))
        case .timeout: return .timeout(TimeoutAttributes(timeout: int(0)))
        case .resetPeer: return .resetPeer(ResetPeerAttributes(timeout: int(0)))
        case .slicer: return .slicer(SlicerAttributes(averageSize: int(0), sizeVariation: int(1), delay: int(2)))
        case .limitData: return .limitData(LimitDataAttributes(bytes: int(0)))
        case .noop: return .noop
        case .loss:
            return .loss(
                LossAttributes(
                    probability: float(0), burst: float(1), segmentSize: int(2), rtt: int(3), rtoMin: int(4),
                    rtoMax: int(5), maxRetries: int(6), mode: current[7].string ?? "", window: int(8)
                )
            )
        case .packetLoss: return .packetLoss(PacketLossAttributes(lossRate: float(0), correlation: float(1)))
        case .nxdomain:
            return .nxdomain(
                NXDomainAttributes(delay: int(0), reset: current[1].bool ?? false, negativeTTL: int(2))
            )
        case .dns, .http, .tls, .udp: return self
        }
    }

    /// The Go struct behind the type, as error texts name it (`LatencyToxic`, `ResetToxic`, …); Faultline's own
    /// types get names in the same style.
    public var goStructName: String {
        switch self {
        case .latency: "LatencyToxic"
        case .bandwidth: "BandwidthToxic"
        case .slowClose: "SlowCloseToxic"
        case .timeout: "TimeoutToxic"
        case .resetPeer: "ResetToxic"
        case .slicer: "SlicerToxic"
        case .limitData: "LimitDataToxic"
        case .noop: "NoopToxic"
        case .loss: "LossToxic"
        case .packetLoss: "PacketLossToxic"
        case .nxdomain: "NXDomainToxic"
        case .dns: "DNSToxic"
        case .http: "HTTPToxic"
        case .tls: "TLSToxic"
        case .udp: "UDPToxic"
        }
    }

    /// The Go type of the integer attributes (slicer's are Go `int`, the rest `int64`).
    var integerGoType: String {
        if case .slicer = self { return "int" }
        return "int64"
    }

    /// Faultline's keys on Toxiproxy's types (`distribution`, `correlation`, `scope`): read like the others but
    /// written only when set, after them, so a toxic made with Toxiproxy's fields is echoed exactly as before.
    public var optionalAttributeKeys: [String] {
        switch self {
        case .latency: ["distribution", "correlation"]
        case .bandwidth: ["scope"]
        default: []
        }
    }

    /// The optional attributes that are set, in `optionalAttributeKeys` order.
    public var optionalAttributeValues: [(key: String, value: ToxicAttributeValue)] {
        switch self {
        case .latency(let a):
            [a.distribution.map { ("distribution", .string($0)) }, a.correlation.map { ("correlation", .float($0)) }]
                .compactMap { $0 }
        case .bandwidth(let a): a.scope.map { [("scope", .string($0))] } ?? []
        default: []
        }
    }

    /// The same kind with the optional attribute `key` set to `value` (of the key's type; anything else is ignored).
    public func settingOptionalAttribute(_ key: String, to value: ToxicAttributeValue) -> ToxicKind {
        switch (self, key, value) {
        case (.latency(var a), "distribution", .string(let text)):
            a.distribution = text
            return .latency(a)
        case (.latency(var a), "correlation", .float(let number)):
            a.correlation = number
            return .latency(a)
        case (.bandwidth(var a), "scope", .string(let text)):
            a.scope = text
            return .bandwidth(a)
        default: return self
        }
    }

    /// Writes `{"latency":100,"jitter":10}`: every attribute, zero or not, as the Java client requires.
    public func writeAttributes(into writer: inout JSONWriter) {
        switch self {
        case .dns(_, let attributes), .http(_, let attributes), .tls(_, let attributes):
            attributes.write(into: &writer)
            return
        case .udp(let kind):
            kind.writeAttributes(into: &writer)
            return
        default: break
        }
        writer.raw("{")
        for (index, (key, value)) in zip(attributeKeys, attributeValues).enumerated() {
            if index > 0 { writer.raw(",") }
            writer.key(key)
            value.write(into: &writer)
        }
        for (index, optional) in optionalAttributeValues.enumerated() {
            if index > 0 || !attributeKeys.isEmpty { writer.raw(",") }
            writer.key(optional.key)
            optional.value.write(into: &writer)
        }
        writer.raw("}")
    }
}
