/// A datagram toxic's `attributes` as JSON: decoded with defaults, merged for partial updates, written canonically.
extension DatagramToxicKind {
    /// Decodes `attributes` for `typeName` over the defaults (nil or `null`: every default) and validates them.
    /// An unknown type is `.invalidToxicType`; an unknown key, a mistyped value or a value out of range is
    /// `.invalidValue` naming it (`invalid value for attributes.probability: must be between 0 and 1`).
    public init(typeName: String, attributes: JSONValue?) throws(FaultlineError) {
        guard let defaults = DatagramToxicKind(typeName: typeName) else { throw .invalidToxicType }
        self = try defaults.reading(attributes, creating: true)
    }

    /// A partial update: the keys present in `attributes` replace the current values, the rest stay (a loss's
    /// `p31` is not re-derived from a new `p13`); the result is validated as a whole. Throws as `init` does.
    public func merging(attributes: JSONValue?) throws(FaultlineError) -> DatagramToxicKind {
        try reading(attributes, creating: false)
    }

    private func reading(_ attributes: JSONValue?, creating: Bool) throws(FaultlineError) -> DatagramToxicKind {
        let reader = try AttributeReader(attributes, fields: attributeKeys, strict: true)
        var kind = self
        switch kind {
        case .latency(var a):
            if let value = try reader.integer("latency") { a.latency = value }
            if let value = try reader.integer("jitter") { a.jitter = value }
            try a.spread.read(reader)
            if let value = try reader.bool("reorder") { a.reorder = value }
            kind = .latency(a)
        case .loss(var a):
            if let value = try reader.choice("model", DatagramLossModel.self) { a.model = value }
            if let value = try reader.double("probability") { a.probability = value }
            if let value = try reader.double("burst") { a.burst = value }
            if let value = try reader.double("p13") {
                a.p13 = value
                // netem's `loss state P13` alone means independent loss P13: p31 defaults to 1 − p13.
                if creating, !reader.has("p31") { a.p31 = 1 - value }
            }
            if let value = try reader.double("p31") { a.p31 = value }
            if let value = try reader.double("p32") { a.p32 = value }
            if let value = try reader.double("p23") { a.p23 = value }
            if let value = try reader.double("p14") { a.p14 = value }
            kind = .loss(a)
        case .duplicate(var a):
            if let value = try reader.double("probability") { a.probability = value }
            if let value = try reader.integer("gap") { a.gap = value }
            kind = .duplicate(a)
        case .corrupt(var a):
            if let value = try reader.double("probability") { a.probability = value }
            if let value = try reader.integer("bits") { a.bits = value }
            kind = .corrupt(a)
        case .reorder(var a):
            if let value = try reader.double("probability") { a.probability = value }
            if let value = try reader.integer("gap") { a.gap = value }
            if let value = try reader.integer("delay") { a.delay = value }
            kind = .reorder(a)
        case .bandwidth(var a):
            if let value = try reader.integer("rate") { a.rate = value }
            if let value = try reader.integer("queue") { a.queue = value }
            if let value = try reader.integer("overhead") { a.overhead = value }
            kind = .bandwidth(a)
        case .mtu(var a):
            if let value = try reader.integer("size") { a.size = value }
            if let value = try reader.bool("truncate") { a.truncate = value }
            kind = .mtu(a)
        case .blackhole:
            break
        }
        try kind.validate()
        return kind
    }

    /// Every attribute, in `attributeKeys` order, as the API shows it.
    public var attributesJSON: JSONValue {
        let values: [JSONValue]
        switch self {
        case .latency(let a):
            values = [.integer(a.latency), .integer(a.jitter)] + a.spread.members.map(\.value) + [.bool(a.reorder)]
        case .loss(let a):
            values = [.string(a.model.rawValue)] + [a.probability, a.burst, a.p13, a.p31, a.p32, a.p23, a.p14]
                .map(JSONValue.float)
        case .duplicate(let a): values = [.float(a.probability), .integer(a.gap)]
        case .corrupt(let a): values = [.float(a.probability), .integer(a.bits)]
        case .reorder(let a): values = [.float(a.probability), .integer(a.gap), .integer(a.delay)]
        case .bandwidth(let a): values = [.integer(a.rate), .integer(a.queue), .integer(a.overhead)]
        case .mtu(let a): values = [.integer(a.size), .bool(a.truncate)]
        case .blackhole: values = []
        }
        return .object(zip(attributeKeys, values).map { JSONMember(key: $0, value: $1) })
    }

    /// Writes `attributesJSON` compactly (`{"size":1472,"truncate":false}`).
    public func writeAttributes(into writer: inout JSONWriter) {
        attributesJSON.write(into: &writer)
    }
}
