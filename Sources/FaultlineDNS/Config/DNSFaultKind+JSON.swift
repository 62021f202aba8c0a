/// A DNS toxic's `type` and `attributes` as JSON: decoded into a `DNSFaultKind`, and written back normalised.
import FaultlineCore

extension DNSFaultKind {
    /// Decodes the attributes of `typeName` (nil or `null` means every default); errors name the attribute
    /// (`attributes.names[0]`, `attributes.size`). An unknown type is `.invalidToxicType`.
    public init(typeName: String, attributes: JSONValue?) throws(FaultlineError) {
        guard let fields = Self.attributeKeys[typeName] else { throw .invalidToxicType }
        let object = try DNSJSONObject(attributes, path: "attributes", fields: fields)
        let names = try object.strings("names")
        let qtypes = try object.strings("qtypes")
        switch typeName {
        case "nxdomain":
            self = .nxdomain(
                DNSNXDomainAttributes(
                    names: names, qtypes: qtypes, negativeTTL: try object.integer("negative_ttl", default: 0),
                    zone: try object.string("zone", default: "")))
        case "servfail":
            let ede = try object.optionalInteger("ede")
            self = .servfail(DNSServfailAttributes(names: names, qtypes: qtypes, ede: ede))
        case "latency":
            self = .latency(
                DNSLatencyAttributes(
                    names: names, qtypes: qtypes, latency: try object.integer("latency", default: 0),
                    jitter: try object.integer("jitter", default: 0)))
        case "drop":
            let transport = try object.string("transport", default: "both")
            self = .drop(DNSDropAttributes(names: names, qtypes: qtypes, transport: transport))
        default:
            self = .truncate(
                DNSTruncateAttributes(
                    names: names, qtypes: qtypes, mode: try object.string("mode", default: "empty"),
                    size: try object.integer("size", default: 512), tcp: try object.string("tcp", default: "ok")))
        }
    }

    /// Each type's attribute keys in the order they are written: `names` and `qtypes` first, then its own.
    public static let attributeKeys: [String: [String]] = [
        "nxdomain": ["names", "qtypes", "negative_ttl", "zone"],
        "servfail": ["names", "qtypes", "ede"],
        "latency": ["names", "qtypes", "latency", "jitter"],
        "drop": ["names", "qtypes", "transport"],
        "truncate": ["names", "qtypes", "mode", "size", "tcp"],
    ]

    /// Every attribute in `attributeKeys` order, as the API shows it (`ede` is `null` when unset).
    public var attributesJSON: JSONValue {
        var pairs: [(String, JSONValue)] = [("names", .strings(names)), ("qtypes", .strings(qtypes))]
        switch self {
        case .nxdomain(let a): pairs += [("negative_ttl", .integer(a.negativeTTL)), ("zone", .string(a.zone))]
        case .servfail(let a): pairs += [("ede", a.ede.map(JSONValue.integer) ?? .null)]
        case .latency(let a): pairs += [("latency", .integer(a.latency)), ("jitter", .integer(a.jitter))]
        case .drop(let a): pairs += [("transport", .string(a.transport))]
        case .truncate(let a):
            pairs += [("mode", .string(a.mode)), ("size", .integer(a.size)), ("tcp", .string(a.tcp))]
        }
        return .members(pairs)
    }
}

extension DNSToxicSpec {
    /// The DNS toxic behind a stored `ToxicSpec` of kind `.dns`; any other kind is `.invalidToxicType` (a TCP
    /// toxic type has no meaning on a DNS listener). Attribute values are checked by `DNSFault(_:)`.
    public init(_ toxic: ToxicSpec) throws(FaultlineError) {
        guard case .dns(let type, let attributes) = toxic.kind else { throw .invalidToxicType }
        let kind = try DNSFaultKind(typeName: type, attributes: attributes)
        self.init(name: toxic.name, kind: kind, toxicity: toxic.toxicity, options: toxic.options)
    }
}
