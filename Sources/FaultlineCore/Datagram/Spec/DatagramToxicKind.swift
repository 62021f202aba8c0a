/// The closed set of datagram toxic types of a `udp` proxy, each with its typed attributes.
public enum DatagramToxicKind: Equatable, Sendable {
    case latency(DatagramLatencyAttributes)
    case loss(DatagramLossAttributes)
    case duplicate(DatagramDuplicateAttributes)
    case corrupt(DatagramCorruptAttributes)
    case reorder(DatagramReorderAttributes)
    case bandwidth(DatagramBandwidthAttributes)
    case mtu(DatagramMTUAttributes)
    case blackhole

    /// Every type, in documentation order.
    public static let typeNames = [
        "latency", "loss", "duplicate", "corrupt", "reorder", "bandwidth", "mtu", "blackhole",
    ]

    /// The kind named `typeName` with every attribute at its default; nil for an unknown type (exact match, as
    /// for TCP toxics).
    public init?(typeName: String) {
        switch typeName {
        case "latency": self = .latency(DatagramLatencyAttributes())
        case "loss": self = .loss(DatagramLossAttributes())
        case "duplicate": self = .duplicate(DatagramDuplicateAttributes())
        case "corrupt": self = .corrupt(DatagramCorruptAttributes())
        case "reorder": self = .reorder(DatagramReorderAttributes())
        case "bandwidth": self = .bandwidth(DatagramBandwidthAttributes())
        case "mtu": self = .mtu(DatagramMTUAttributes())
        case "blackhole": self = .blackhole
        default: return nil
        }
    }

    /// The `type` on the wire.
    public var typeName: String {
        switch self {
        case .latency: "latency"
        case .loss: "loss"
        case .duplicate: "duplicate"
        case .corrupt: "corrupt"
        case .reorder: "reorder"
        case .bandwidth: "bandwidth"
        case .mtu: "mtu"
        case .blackhole: "blackhole"
        }
    }

    /// The attribute keys, in the order the canonical object writes them.
    public var attributeKeys: [String] {
        switch self {
        case .latency: ["latency", "jitter"] + LatencyDistributionAttributes.keys + ["reorder"]
        case .loss: ["model", "probability", "burst", "p13", "p31", "p32", "p23", "p14"]
        case .duplicate: ["probability", "gap"]
        case .corrupt: ["probability", "bits"]
        case .reorder: ["probability", "gap", "delay"]
        case .bandwidth: ["rate", "queue", "overhead"]
        case .mtu: ["size", "truncate"]
        case .blackhole: []
        }
    }

    /// A new toxic with no state; randomised toxics own a generator seeded with `seed`.
    public func makeToxic(seed: UInt64) -> any DatagramToxic {
        switch self {
        case .latency(let attributes): DatagramLatency(attributes, seed: seed)
        case .loss(let attributes): DatagramLoss(attributes, seed: seed)
        case .duplicate(let attributes): DatagramDuplicate(attributes, seed: seed)
        case .corrupt(let attributes): DatagramCorrupt(attributes, seed: seed)
        case .reorder(let attributes): DatagramReorder(attributes, seed: seed)
        case .bandwidth(let attributes): DatagramBandwidth(attributes)
        case .mtu(let attributes): DatagramMTU(attributes)
        case .blackhole: DatagramBlackhole()
        }
    }
}
