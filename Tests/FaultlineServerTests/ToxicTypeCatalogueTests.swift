/// `GET /toxic-types` against the decoders themselves: what they accept is described, and what is described holds.
import FaultlineCore
import FaultlineDNS
import FaultlineHTTPFaults
import FaultlineServer
import FaultlineTLS
import Testing

@Suite struct ToxicTypeCatalogueTests {
    static let catalogue = Server.toxicTypeCatalogue

    static func names(_ kind: String) -> [String] {
        catalogue.filter { $0.proxyKinds.contains(kind) }.map(\.type)
    }

    /// The decoders' own type lists (each kept equal to its module's by other tests).
    static let decoded: [String: [String]] = [
        "tcp": ToxicKind.typeNames + ToxicKind.httpTypeNames + ToxicKind.tlsTypeNames, "dns": DNSFaultKind.typeNames,
        "udp": DatagramToxicKind.typeNames,
    ]

    @Test func everyTypeADecoderAcceptsIsDescribedOnceForItsKind() {
        for (kind, types) in Self.decoded {
            #expect(Self.names(kind) == types, "\(kind)")
        }
        #expect(Self.catalogue.count == Self.decoded.values.map(\.count).reduce(0, +))
        // Every name any decoder knows, and one none does, offered to every kind: accepted exactly where described.
        let everyName = Set(Self.decoded.values.joined()).union(["bogus", "Latency", ""])
        for (kind, types) in Self.decoded {
            for name in everyName {
                #expect(Probe.acceptsType(name, kind: kind) == types.contains(name), "\(kind) \(name)")
            }
        }
    }

    /// The keys each decoder reads, from its own table, against the description's attributes.
    @Test func everyAttributeADecoderReadsIsDescribedWithWords() throws {
        for type in Self.catalogue {
            let described = type.attributes.map(\.name)
            let keys: [String]
            switch type.proxyKinds.first {
            case "tcp" where type.type.hasPrefix("tls_"):
                keys = try #require(TLSFaultAttributes.attributeKeys[type.type])
            case "tcp" where type.type.hasPrefix("http_"):
                let own = try #require(HTTPFaultKind.attributeKeys[type.type])
                keys = own + ["methods", "path", type.type == "http_abort" ? "match_headers" : "headers", "host"]
            case "tcp":
                let kind = try #require(ToxicKind(typeName: type.type))
                keys = kind.attributeKeys + kind.optionalAttributeKeys
            case "dns": keys = try #require(DNSFaultKind.attributeKeys[type.type])
            default: keys = try #require(DatagramToxicKind(typeName: type.type)).attributeKeys
            }
            #expect(described == keys, "\(type.proxyKinds) \(type.type)")
            #expect(!type.help.isEmpty, "\(type.type) has no help")
            for attribute in type.attributes {
                #expect(!attribute.help.isEmpty, "\(type.type).\(attribute.name) has no note")
            }
        }
    }

    /// Every default, bound, choice and JSON type described is what the decoder enforces: each accepted value is
    /// accepted and each refused value refused, through the same decoding the API uses.
    @Test(arguments: catalogue)
    func theDecoderEnforcesWhatIsDescribed(type: ToxicTypeDescription) {
        let kind = type.proxyKinds.first ?? ""
        let required = Probe.required[type.type] ?? []
        #expect(Probe.accepts(type.type, kind: kind, required), "\(type.type) with no other attributes")
        for attribute in type.attributes {
            let companions = Probe.companions["\(kind)/\(type.type)/\(attribute.name)"] ?? []
            for value in Probe.accepted(attribute) {
                let members = companions + [JSONMember(key: attribute.name, value: value)]
                #expect(Probe.accepts(type.type, kind: kind, members), "\(type.type).\(attribute.name) = \(value)")
            }
            for value in Probe.refused(attribute) {
                let members = companions + [JSONMember(key: attribute.name, value: value)]
                #expect(!Probe.accepts(type.type, kind: kind, members), "\(type.type).\(attribute.name) = \(value)")
            }
        }
    }
}

extension ToxicTypeDescription: CustomTestStringConvertible {
    public var testDescription: String { "\(proxyKinds.joined(separator: ",")) \(type)" }
}

/// Values to offer each decoder, and the decoding the API applies for each proxy kind.
enum Probe {
    /// Other attributes a bound can only be reached with (one attribute's range depends on another's value).
    static let companions: [String: [JSONMember]] = [
        "tcp/loss/rto_min": [JSONMember(key: "rto_max", value: .number("3600000"))],
        "tcp/loss/rto_max": [JSONMember(key: "rto_min", value: .number("1"))],
        "udp/loss/p14": [JSONMember(key: "p13", value: .number("0"))],
        "udp/loss/p32": [JSONMember(key: "p31", value: .number("0"))],
        // A handshake fault must do something: stall (delay above 0) or refuse (an alert).
        "tcp/tls_handshake/delay": [JSONMember(key: "alert", value: .string("handshake_failure"))],
        "tcp/tls_handshake/alert": [JSONMember(key: "delay", value: .number("1000"))],
        "tcp/tls_handshake/reset": [JSONMember(key: "delay", value: .number("1000"))],
    ]

    /// Attributes a type cannot be created without (`tls_certificate` names its mode, `tls_handshake` a stall or an
    /// alert).
    static let required: [String: [JSONMember]] = [
        "tls_certificate": [JSONMember(key: "mode", value: .string("expired"))],
        "tls_handshake": [JSONMember(key: "alert", value: .string("handshake_failure"))],
    ]

    static func acceptsType(_ name: String, kind: String) -> Bool { accepts(name, kind: kind, required[name] ?? []) }

    /// Whether a create body of `type` with these attributes passes every check the server makes.
    static func accepts(_ type: String, kind: String, _ attributes: [JSONMember]) -> Bool {
        let body = JSONValue.object([
            JSONMember(key: "type", value: .string(type)), JSONMember(key: "attributes", value: .object(attributes)),
        ])
        switch kind {
        case "tcp":
            guard let decoded = try? ToxicSpec.decodeCreate(body, proxyKind: .tcp), decoded.attributeError == nil else {
                return false
            }
            switch decoded.toxic.kind {
            case .http: return (try? HTTPFaultSpec.normalise(decoded.toxic)) != nil
            case .tls(let type, let attributes): return acceptsTLS(type, attributes)
            default: return true
            }
        case "dns":
            guard let decoded = try? ToxicSpec.decodeCreate(body, proxyKind: .dns), decoded.attributeError == nil,
                let spec = try? DNSToxicSpec(decoded.toxic)
            else { return false }
            return (try? DNSFault(spec)) != nil
        case "udp":
            guard let decoded = try? ToxicSpec.decodeCreate(body, proxyKind: .udp) else { return false }
            return decoded.attributeError == nil
        default:
            return false
        }
    }

    /// The checks a TLS proxy makes before storing a `tls_*` toxic (`ProxyTLS`), with FaultlineTLS's validators.
    static func acceptsTLS(_ type: String, _ attributes: JSONValue) -> Bool {
        switch try? TLSFaultAttributes(type: type, attributes: attributes) {
        case .certificate(let mode)?: return (try? TLSCertificateFault.validate(mode: mode)) != nil
        case .handshake(let delay, let alert, _)?:
            return (try? TLSHandshakeFault.validate(delay: delay, alert: alert)) != nil
        case nil: return false
        }
    }

    static func accepted(_ a: AttributeDescription) -> [JSONValue] {
        var values = [a.defaultValue]
        if a.nullable { values.append(.null) }
        values += a.choices.map(JSONValue.string)
        switch a.type {
        case .integer, .number:
            if let minimum = a.minimum { values.append(minimum) }
            if let maximum = a.maximum { values.append(maximum) }
            // Unbounded: the API takes values a form might think wrong (CONTRACT §2 makes them harmless).
            if a.minimum == nil && a.maximum == nil {
                let outliers = a.type == .integer ? ["-1", "1000000000000"] : ["-0.5", "2.5"]
                values += outliers.map(JSONValue.number)
            }
            if a.type == .number { values.append(.number("\(midpoint(a))")) }
        case .boolean: values += [.bool(true), .bool(false)]
        case .strings: values.append(.array([]))
        case .headers: values.append(.object([]))
        case .string: break
        }
        return values
    }

    static func refused(_ a: AttributeDescription) -> [JSONValue] {
        var values: [JSONValue] = []
        if !a.choices.isEmpty { values.append(.string("bogus-choice")) }
        switch a.type {
        case .integer:
            values.append(.number("1.5"))
            if case .number(let text)? = a.minimum, let bound = Int64(text) { values.append(.number("\(bound - 1)")) }
            if case .number(let text)? = a.maximum, let bound = Int64(text) { values.append(.number("\(bound + 1)")) }
        case .number:
            values.append(.string("x"))
            if case .number(let text)? = a.minimum, let low = Double(text) { values.append(.number("\(low - 0.5)")) }
            if case .number(let text)? = a.maximum, let high = Double(text) { values.append(.number("\(high + 0.5)")) }
        case .boolean, .string, .headers: values.append(.number("1"))
        case .strings: values.append(.number("1"))
        }
        return values
    }

    /// A value strictly inside a number's bounds (0.5 for a fraction), or 0.5 when it has none.
    static func midpoint(_ a: AttributeDescription) -> Double {
        let low: Double? = if case .number(let text)? = a.minimum { Double(text) } else { nil }
        let high: Double? = if case .number(let text)? = a.maximum { Double(text) } else { nil }
        switch (low, high) {
        case (let low?, let high?): return (low + high) / 2
        case (let low?, nil): return low + 0.5
        default: return 0.5
        }
    }
}
