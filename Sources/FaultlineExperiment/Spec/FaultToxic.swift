/// A fault's toxic as the Toxiproxy API takes it (type, attributes, toxicity), plus `stream: "both"`.
import FaultlineCore

/// The type and attributes are what the server receives. Faultline's own types are checked when the file is
/// decoded; any other type, and any attribute a known type does not have, goes to the server as written, because
/// the server (a newer Faultline, or Toxiproxy) is the one judge of what it supports.
public struct FaultToxic: Equatable, Sendable {
    /// The wire type name as written (`latency`, `http_status`, …).
    public var type: String
    /// The `attributes` object sent, in order: for a known type every attribute of that type (defaults filled in,
    /// values type-checked) then any other key as written; for any other type, exactly the file's object.
    public var attributes: [JSONMember]
    public var stream: FaultStream
    /// The fraction of connections affected, the blast radius within a proxy.
    public var toxicity: Float

    public init(type: String, attributes: [JSONMember] = [], stream: FaultStream = .downstream, toxicity: Float = 1) {
        self.type = type
        self.attributes = attributes
        self.stream = stream
        self.toxicity = toxicity
    }

    /// A toxic of a type Faultline knows, with every attribute of that type.
    public init(kind: ToxicKind, stream: FaultStream = .downstream, toxicity: Float = 1) {
        self.init(type: kind.typeName, attributes: kind.attributeMembers, stream: stream, toxicity: toxicity)
    }

    /// The typed kind, when the type is one Faultline knows and every attribute is one of its own.
    public var kind: ToxicKind? { ToxicKind(typeName: type, attributes: attributes) }

    /// Attribute keys the server gets that Faultline's own type of this name does not have (empty for an unknown
    /// type, all of whose keys are the server's business). Faultline's optional keys (`distribution`, `scope`, …)
    /// and the ones any toxic may carry (`clients`, `ttl`, `schedule`) are known.
    public var unknownAttributeKeys: [String] {
        guard let known = ToxicKind(typeName: type) else { return [] }
        let keys = known.attributeKeys + known.optionalAttributeKeys + ToxicOptions.keys
        return attributes.map(\.key).filter { key in !keys.contains { $0.isBytewiseEqual(to: key) } }
    }

    /// Whether this Faultline knows the type (the others are passed through for the server to judge).
    public var isKnownType: Bool { ToxicKind(typeName: type) != nil }
}
