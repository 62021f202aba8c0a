/// The wire shape of a toxic type: its `type` name, its `attributes` in Go struct order, and Go's names for errors.
extension ToxicKind {
    /// The kind named `typeName` with every attribute zero (Go's zero values); nil for an unknown type.
    /// The match is exact and case-sensitive, as Toxiproxy's registry lookup is.
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
        default: return nil
        }
    }

    /// The attribute keys on the wire, in the order Toxiproxy writes them.
    public var attributeKeys: [String] {
        switch self {
        case .latency: ["latency", "jitter"]
        case .bandwidth: ["rate"]
        case .slowClose: ["delay"]
        case .timeout, .resetPeer: ["timeout"]
        case .slicer: ["average_size", "size_variation", "delay"]
        case .limitData: ["bytes"]
        case .noop: []
        }
    }

    /// The attribute values, parallel to `attributeKeys`.
    public var attributeValues: [Int64] {
        switch self {
        case .latency(let a): [a.latency, a.jitter]
        case .bandwidth(let a): [a.rate]
        case .slowClose(let a): [a.delay]
        case .timeout(let a): [a.timeout]
        case .resetPeer(let a): [a.timeout]
        case .slicer(let a): [a.averageSize, a.sizeVariation, a.delay]
        case .limitData(let a): [a.bytes]
        case .noop: []
        }
    }

    /// The same kind with new attribute values (parallel to `attributeKeys`; missing entries keep theirs).
    public func replacingAttributeValues(_ values: [Int64]) -> ToxicKind {
        var current = attributeValues
        for index in current.indices where index < values.count { current[index] = values[index] }
        switch self {
        case .latency: return .latency(LatencyAttributes(latency: current[0], jitter: current[1]))
        case .bandwidth: return .bandwidth(BandwidthAttributes(rate: current[0]))
        case .slowClose: return .slowClose(SlowCloseAttributes(delay: current[0]))
        case .timeout: return .timeout(TimeoutAttributes(timeout: current[0]))
        case .resetPeer: return .resetPeer(ResetPeerAttributes(timeout: current[0]))
        case .slicer:
            return .slicer(SlicerAttributes(averageSize: current[0], sizeVariation: current[1], delay: current[2]))
        case .limitData: return .limitData(LimitDataAttributes(bytes: current[0]))
        case .noop: return .noop
        }
    }

    /// The Go struct behind the type, as error texts name it (`LatencyToxic`, `ResetToxic`, …).
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
        }
    }

    /// The Go type of the attributes (slicer's are Go `int`, the rest `int64`).
    var attributeGoType: String {
        if case .slicer = self { return "int" }
        return "int64"
    }

    /// Writes `{"latency":100,"jitter":10}`: every attribute, zero or not, as the Java client requires.
    public func writeAttributes(into writer: inout JSONWriter) {
        writer.raw("{")
        for (index, (key, value)) in zip(attributeKeys, attributeValues).enumerated() {
            if index > 0 { writer.raw(",") }
            writer.key(key)
            writer.int(value)
        }
        writer.raw("}")
    }
}
