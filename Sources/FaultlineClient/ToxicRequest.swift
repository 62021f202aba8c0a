/// What to send to add a toxic: typed from a `ToxicSpec`, or generic (any type name and attributes, as the CLI's
/// `-t`/`-a` give them), so the server stays the one judge of what is valid.
import FaultlineCore

public struct ToxicRequest: Equatable, Sendable {
    /// nil lets the server name it `<type>_<stream>`.
    public var name: String?
    public var type: String
    /// `upstream` or `downstream`, sent as spelled (the server echoes it, and names the toxic after it).
    public var stream: String
    /// nil lets the server use 1.
    public var toxicity: Float?
    /// Sent in this order; numbers as their literal text.
    public var attributes: [JSONMember]
    /// Faultline's per-toxic seed (never echoed back).
    public var seed: UInt64?

    /// A generic request; only `type` is required, as for the admin API.
    public init(
        name: String? = nil, type: String, stream: String = "downstream", toxicity: Float? = nil,
        attributes: [JSONMember] = [], seed: UInt64? = nil
    ) {
        self.name = name
        self.type = type
        self.stream = stream
        self.toxicity = toxicity
        self.attributes = attributes
        self.seed = seed
    }

    /// The request for a typed spec: every attribute of its kind, its name, stream, toxicity and seed.
    public init(_ spec: ToxicSpec) {
        // The spec's own wire form is the one place that knows each kind's attribute keys and value types.
        let wire = (try? JSONParser.parseFirstValue(spec.wireJSON)) ?? .null
        var attributes: [JSONMember] = []
        if case .object(let members) = wire.member("attributes") { attributes = members }
        self.init(
            name: spec.name, type: spec.kind.typeName, stream: spec.streamText, toxicity: spec.toxicity,
            attributes: attributes, seed: spec.seed)
    }

    /// The name the toxic will have: the given one, else Toxiproxy's default `<type>_<stream>`.
    public var effectiveName: String { name ?? "\(type)_\(stream)" }

    /// The POST /proxies/:proxy/toxics body.
    var body: [UInt8] {
        var members: [JSONMember] = []
        if let name { members.append(JSONMember(key: "name", value: .string(name))) }
        members.append(JSONMember(key: "type", value: .string(type)))
        members.append(JSONMember(key: "stream", value: .string(stream)))
        if let toxicity { members.append(JSONMember(key: "toxicity", value: .number(GoFloatFormat.json(toxicity)))) }
        members.append(JSONMember(key: "attributes", value: .object(attributes)))
        if let seed { members.append(JSONMember(key: "seed", value: .number(String(seed)))) }
        return JSONValue.objectBytes(members)
    }
}
