/// What `GET /toxic-types` says about one toxic type: where it applies and each attribute's type, default and range.
///
/// Clients (the dashboard's forms among them) build their input from it. The keys and defaults come from the decoders'
/// own tables (`attributeKeys` and the default attributes), so they cannot drift from what the API accepts; only the
/// words (unit, help) and the ranges, which name the validators' own constants, are written beside each decoder.
public struct ToxicTypeDescription: Equatable, Sendable {
    /// The `type` on the wire.
    public var type: String
    /// The proxy kinds whose toxic routes accept it (`tcp`, `dns`, `udp`).
    public var proxyKinds: [String]
    /// False when `stream` is accepted and ignored (the toxic acts on connections, queries or exchanges).
    public var usesStream: Bool
    /// One line: what the toxic does.
    public var help: String
    /// In the order the API writes them.
    public var attributes: [AttributeDescription]

    public init(
        type: String, proxyKinds: [String], usesStream: Bool, help: String, attributes: [AttributeDescription]
    ) {
        self.type = type
        self.proxyKinds = proxyKinds
        self.usesStream = usesStream
        self.help = help
        self.attributes = attributes
    }

    /// Joins a decoder's table (every key in order with its default, as the API echoes a toxic made with no
    /// attributes) with the words and ranges in `notes`. A key without a note is still described, its type read
    /// off its default and its help empty; a unit test requires a note for every key.
    public init(
        type: String, proxyKinds: [String], usesStream: Bool = true, help: String, defaults: [JSONMember],
        notes: [String: AttributeNote]
    ) {
        let attributes = defaults.map { member in
            let note = notes[member.key] ?? AttributeNote(inferredFrom: member.value)
            return AttributeDescription(name: member.key, defaultValue: member.value, note: note)
        }
        self.init(type: type, proxyKinds: proxyKinds, usesStream: usesStream, help: help, attributes: attributes)
    }

    /// `{"type":…,"proxy_kinds":[…],"uses_stream":…,"help":…,"attributes":[…]}`.
    public func writeJSON(into writer: inout JSONWriter) {
        writer.raw("{\"type\":")
        writer.string(type)
        writer.raw(",\"proxy_kinds\":[")
        for (index, kind) in proxyKinds.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.string(kind)
        }
        writer.raw("],\"uses_stream\":")
        writer.bool(usesStream)
        writer.raw(",\"help\":")
        writer.string(help)
        writer.raw(",\"attributes\":[")
        for (index, attribute) in attributes.enumerated() {
            if index > 0 { writer.raw(",") }
            attribute.writeJSON(into: &writer)
        }
        writer.raw("]}")
    }

    /// The body of `GET /toxic-types`: `{"types":[…]}`, compact like the API's other documents.
    public static func catalogueJSON(_ types: [ToxicTypeDescription]) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"types\":[")
        for (index, type) in types.enumerated() {
            if index > 0 { writer.raw(",") }
            type.writeJSON(into: &writer)
        }
        writer.raw("]}")
        return writer.bytes
    }
}
