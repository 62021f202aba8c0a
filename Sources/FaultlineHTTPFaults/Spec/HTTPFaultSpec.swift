/// One `http_*` toxic compiled for the exchange engine: what it does, which requests it matches, how often.
import FaultlineCore

/// The checked form of a stored `ToxicSpec` of kind `.http`. Built once per change (a `Sendable` value the server
/// can hand to every loop), never per request.
public struct HTTPFaultSpec: Equatable, Sendable {
    public var name: String
    public var kind: HTTPFaultKind
    public var match: HTTPMatch
    /// The probability that the fault acts on a matching request, rolled per request.
    public var toxicity: Float
    /// `schedule` (with the creation instant): the fault acts only on requests whose head arrives in an on phase.
    /// (`clients` is the connection's business: the server gives the fault only to connections it admits.)
    public var options: ToxicOptions

    public init(
        name: String, kind: HTTPFaultKind, match: HTTPMatch = HTTPMatch(), toxicity: Float = 1,
        options: ToxicOptions = ToxicOptions()
    ) {
        self.name = name
        self.kind = kind
        self.match = match
        self.toxicity = toxicity
        self.options = options
    }

    /// Compiles a stored toxic; any kind other than `.http` is `.invalidToxicType`. Errors name the attribute.
    public init(_ toxic: ToxicSpec) throws(FaultlineError) {
        guard case .http(let type, let attributes) = toxic.kind else { throw .invalidToxicType }
        guard let own = HTTPFaultKind.attributeKeys[type] else { throw .invalidToxicType }
        let matchKeys = HTTPMatch.attributeKeys(forType: type)
        let object = try AttributeObject(attributes, fields: own + matchKeys, typeName: type)
        self.init(
            name: toxic.name, kind: try HTTPFaultKind(typeName: type, object),
            match: try HTTPMatch(object, headersKey: matchKeys[2]), toxicity: toxic.toxicity, options: toxic.options)
    }

    /// Every attribute, own ones first and then the matchers, in the documented order (`attributeKeys`).
    public var attributesJSON: JSONValue {
        .object(kind.attributeMembers + match.attributeMembers(headersKey: kind.matchHeadersKey))
    }

    /// The toxic with its attributes checked and rewritten with every key in the documented order and every
    /// default filled in: what the server stores and the API echoes. Called on add and on update (after Core merged
    /// the PATCH's keys over the stored object), so an update is checked whole and changes nothing when refused.
    public static func normalise(_ toxic: ToxicSpec) throws(FaultlineError) -> ToxicSpec {
        let spec = try HTTPFaultSpec(toxic)
        var normalised = toxic
        normalised.kind = .http(type: spec.kind.typeName, attributes: spec.attributesJSON)
        return normalised
    }
}
