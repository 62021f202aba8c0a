/// A toxic as the admin API reports it, kept generic so any type the server knows (ours or a newer
/// Toxiproxy's) can be listed, inspected and printed.
import FaultlineCore

public struct ToxicInfo: Equatable, Sendable {
    public var name: String
    /// The wire type name (`latency`, `slow_close`, …).
    public var type: String
    /// The stream as the server echoes it (`upstream`, `downstream`, or the caller's spelling).
    public var stream: String
    /// Go float32, as the server stores it.
    public var toxicity: Float
    /// Every attribute in the server's order; numbers keep their literal text.
    public var attributes: [JSONMember]

    /// A toxic as given (tests and callers that build expectations).
    public init(name: String, type: String, stream: String, toxicity: Float, attributes: [JSONMember]) {
        self.name = name
        self.type = type
        self.stream = stream
        self.toxicity = toxicity
        self.attributes = attributes
    }

    /// The value of one attribute, nil when the toxic has no such key.
    public func attribute(_ key: String) -> JSONValue? {
        attributes.last { $0.key.isBytewiseEqual(to: key) }?.value
    }

    /// The toxic as a typed `ToxicSpec`, when this build of Faultline knows its type (nil otherwise).
    public var spec: ToxicSpec? {
        let object = JSONValue.object([
            JSONMember(key: "name", value: .string(name)), JSONMember(key: "type", value: .string(type)),
            JSONMember(key: "stream", value: .string(stream)),
            JSONMember(key: "toxicity", value: .number(GoFloatFormat.json(toxicity))),
            JSONMember(key: "attributes", value: .object(attributes)),
        ])
        do throws(FaultlineError) {
            let decoded = try ToxicSpec.decodeCreate(object)
            return decoded.attributeError == nil ? decoded.toxic : nil
        } catch {
            return nil
        }
    }

    /// Reads a toxic object: `{"attributes":{…},"name":…,"type":…,"stream":…,"toxicity":…}`.
    init(json value: JSONValue) throws(ClientError) {
        guard case .object = value else { throw .decoding("a toxic is not a JSON object") }
        guard let name = value.member("name")?.stringValue, let type = value.member("type")?.stringValue else {
            throw .decoding("a toxic object lacks its name or type")
        }
        var toxicity: Float = 1
        if case .number(let text) = value.member("toxicity") {
            guard let parsed = Float(text) else { throw .decoding("toxic \(name) has toxicity \(text)") }
            toxicity = parsed
        }
        var attributes: [JSONMember] = []
        switch value.member("attributes") {
        case .object(let members): attributes = members
        case .null, nil: break
        default: throw .decoding("toxic \(name) has attributes that are not an object")
        }
        self.init(
            name: name, type: type, stream: value.member("stream")?.stringValue ?? "downstream", toxicity: toxicity,
            attributes: attributes)
    }
}
