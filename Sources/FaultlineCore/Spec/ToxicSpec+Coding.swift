/// Toxic bodies on the wire: decoding POST /proxies/:proxy/toxics with Toxiproxy's check order, and the toxic object.
extension ToxicSpec {
    /// A decoded create body. Toxiproxy reports a duplicate name (409) before an attribute type error (400),
    /// so the attribute error travels beside the toxic for the caller to raise after its own name check.
    public struct CreateBody: Equatable, Sendable {
        /// The toxic as requested; its attributes hold whatever decoded before `attributeError`.
        public var toxic: ToxicSpec
        public var attributeError: FaultlineError?

        public init(toxic: ToxicSpec, attributeError: FaultlineError? = nil) {
            self.toxic = toxic
            self.attributeError = attributeError
        }
    }

    /// Decodes a create body. Throws, in Toxiproxy's order: `.badRequestBody` (bad JSON or a wrongly typed
    /// `name`/`type`/`stream`/`toxicity`/`seed`), `.invalidStream`, `.invalidToxicType`. Defaults: stream
    /// downstream, toxicity 1, name `<type>_<stream as sent>`; an optional `seed` (u64) is kept, never echoed.
    /// An attribute type error, else a range error of Faultline's own types (`.invalidValue`), travels in
    /// `attributeError`.
    ///
    /// On a DNS proxy (`proxyKind: .dns`) the DNS types are the valid ones (`servfail` and friends are invalid
    /// on TCP proxies) and the attributes stay a JSON object for the server to validate against FaultlineDNS.
    /// The `http_*` types of a TCP proxy keep their attributes as a JSON object too (FaultlineHTTPFaults). On a UDP
    /// proxy the datagram types are the valid ones, decoded strictly into `.udp(DatagramToxicKind)`.
    public static func decodeCreateBody(_ body: [UInt8], proxyKind: ProxyKind = .tcp) throws(FaultlineError)
        -> CreateBody
    {
        try decodeCreate(JSONValue.parseBody(body), proxyKind: proxyKind)
    }

    /// Decodes one toxic object already parsed (a create body, or an entry of a proxy's `toxics`).
    public static func decodeCreate(_ value: JSONValue, proxyKind: ProxyKind = .tcp) throws(FaultlineError)
        -> CreateBody
    {
        var name = ""
        var type = ""
        var stream = "downstream"
        var toxicity: Float = 1
        var seed: UInt64?
        var errors = GoFirstError()
        var attributes: [JSONValue] = []
        switch value {
        case .null: break
        case .object(let members):
            let fields = ["name", "type", "stream", "toxicity", "seed", "attributes"]
            for member in members {
                let value = member.value
                switch JSONValue.field(for: member.key, in: fields) {
                case "name": errors.assign(&name, from: value, at: "ToxicWrapper.name", GoUnmarshal.string)
                case "type": errors.assign(&type, from: value, at: "ToxicWrapper.type", GoUnmarshal.string)
                case "stream": errors.assign(&stream, from: value, at: "ToxicWrapper.stream", GoUnmarshal.string)
                case "toxicity": errors.assign(&toxicity, from: value, at: "ToxicWrapper.toxicity", GoUnmarshal.float32)
                case "seed":
                    var given = seed
                    errors.assign(&given, from: value, at: "ToxicWrapper.seed", GoUnmarshal.uint64)
                    seed = given
                case "attributes":
                    // Go's first pass decodes attributes into a placeholder NoopToxic: only the shape can fail.
                    _ = ToxicKind.noop.merging(attributes: value, errors: &errors, parent: "ToxicWrapper")
                    attributes.append(value)
                default: break
                }
            }
        default:
            throw .badRequestBody(GoTypeMismatch(value: value.goKindName, goType: "toxics.ToxicWrapper").valueMessage)
        }
        if let message = errors.message { throw .badRequestBody(message) }
        guard let direction = Direction(toxiproxyName: stream) else { throw .invalidStream }
        // Faultline's `clients`, `ttl` and `schedule` are taken out before the type reads its own keys (a DNS, HTTP
        // or datagram type would refuse or keep them), and checked after the type's own errors.
        var optionMembers: [JSONMember] = []
        attributes = attributes.map { value in
            let (own, members) = ToxicOptions.split(value)
            optionMembers += members
            return own
        }
        let options: ToxicOptions
        var optionsError: FaultlineError?
        do throws(FaultlineError) {
            options = try ToxicOptions().merging(optionMembers)
        } catch {
            (options, optionsError) = (ToxicOptions(), error)
        }
        let zeroKind: ToxicKind
        switch proxyKind {
        case .tcp:
            guard let kind = ToxicKind(typeName: type) ?? ToxicKind(httpTypeName: type) ?? ToxicKind(tlsTypeName: type)
            else { throw .invalidToxicType }
            zeroKind = kind
        case .dns:
            guard ToxicKind.dnsTypeNames.contains(type) else { throw .invalidToxicType }
            zeroKind = .dns(type: type, attributes: .object([]))
        case .udp:
            guard DatagramToxicKind(typeName: type) != nil else { throw .invalidToxicType }
            var body = decodeDatagramCreate(
                type: type, attributes: attributes, name: name, stream: (direction, stream), toxicity: toxicity,
                seed: seed)
            body.toxic.options = options
            body.attributeError = body.attributeError ?? optionsError
            return body
        }

        var attributeErrors = GoFirstError()
        var kind = zeroKind
        for value in attributes {
            kind = kind.merging(attributes: value, errors: &attributeErrors, parent: "")
        }
        let toxic = ToxicSpec(
            name: name.isEmpty ? nil : name,
            kind: kind,
            stream: direction,
            streamText: stream,
            toxicity: toxicity,
            seed: seed,
            options: options
        )
        var attributeError = attributeErrors.message.map { FaultlineError.badRequestBody($0) }
        if attributeError == nil {
            do throws(FaultlineError) { try kind.validate() } catch { attributeError = error }
        }
        return CreateBody(toxic: toxic, attributeError: attributeError ?? optionsError)
    }

    /// A UDP proxy's toxic: attributes decoded strictly over the type's defaults (several `attributes` members apply
    /// in order); the first error travels in `attributeError`, with the defaults kept in the toxic.
    private static func decodeDatagramCreate(
        type: String, attributes: [JSONValue], name: String, stream: (Direction, String), toxicity: Float,
        seed: UInt64?
    ) -> CreateBody {
        var attributeError: FaultlineError?
        var kind = DatagramToxicKind(typeName: type) ?? .blackhole
        do throws(FaultlineError) {
            kind = try DatagramToxicKind(typeName: type, attributes: attributes.first)
            for value in attributes.dropFirst() { kind = try kind.merging(attributes: value) }
        } catch {
            attributeError = error
        }
        let toxic = ToxicSpec(
            name: name.isEmpty ? nil : name, kind: .udp(kind), stream: stream.0, streamText: stream.1,
            toxicity: toxicity, seed: seed)
        return CreateBody(toxic: toxic, attributeError: attributeError)
    }

    /// Writes the toxic object: `{"attributes":{…},"name":…,"type":…,"stream":…,"toxicity":…}` (no seed).
    public func writeJSON(into writer: inout JSONWriter) {
        writer.raw("{\"attributes\":")
        kind.writeAttributes(into: &writer)
        if !options.isEmpty {
            // Faultline's keys go inside the attributes object, after the type's own.
            let hadMembers = writer.reopenObject()
            var members = JSONWriter()
            options.writeMembers(into: &members)
            writer.raw(String(decoding: hadMembers ? members.bytes[...] : members.bytes.dropFirst(), as: UTF8.self))
            writer.raw("}")
        }
        writer.raw(",\"name\":")
        writer.string(name)
        writer.raw(",\"type\":")
        writer.string(kind.typeName)
        writer.raw(",\"stream\":")
        writer.string(streamText)
        writer.raw(",\"toxicity\":")
        writer.float32(toxicity)
        writer.raw("}")
    }

    /// The toxic object as bytes.
    public var wireJSON: [UInt8] {
        var writer = JSONWriter()
        writeJSON(into: &writer)
        return writer.bytes
    }
}
