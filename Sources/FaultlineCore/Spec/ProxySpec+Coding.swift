/// Proxy bodies on the wire: POST /proxies, POST|PATCH /proxies/:proxy, and the proxy object.
extension ProxySpec {
    /// Decodes a POST /proxies body. Throws, in Toxiproxy's order: `.badRequestBody`, `.missingField("name")`,
    /// `.missingField("upstream")`. `enabled` defaults to true, `listen` to "". A `toxics` key is ignored here
    /// (Go's client sends the proxy's toxics back on every save).
    public static func decodeCreateBody(_ body: [UInt8]) throws(FaultlineError) -> ProxySpec {
        var spec = ProxySpec(name: "", listen: "", upstream: "")
        let value = try JSONValue.parseBody(body)
        var errors = GoFirstError()
        spec.decodeFields(of: value, topLevelType: "toxiproxy.Proxy", structName: "Proxy", errors: &errors)
        if let message = errors.message { throw .badRequestBody(message) }
        if spec.name.isEmpty { throw .missingField("name") }
        if spec.upstream.isEmpty { throw .missingField("upstream") }
        return spec
    }

    /// A POST|PATCH /proxies/:proxy body merged over this proxy's current `listen`, `upstream` and `enabled`.
    /// A `name` in the body is ignored (a proxy cannot be renamed); `upstream` may even become "".
    public func applyingUpdateBody(_ body: [UInt8]) throws(FaultlineError) -> ProxySpec {
        let value = try JSONValue.parseBody(body)
        var updated = self
        var errors = GoFirstError()
        updated.decodeFields(of: value, topLevelType: "toxiproxy.Proxy", structName: "Proxy", errors: &errors)
        if let message = errors.message { throw .badRequestBody(message) }
        updated.name = name
        return updated
    }

    /// Applies the proxy fields of a JSON object Go-style; wrong shapes and types go to `errors`.
    /// Returns the entry's last `toxics` value when one was given (populate and config entries use it).
    @discardableResult
    mutating func decodeFields(
        of value: JSONValue,
        topLevelType: String,
        structName: String,
        errors: inout GoFirstError,
        nullEnablesProxy: Bool = false
    ) -> JSONValue? {
        var toxics: JSONValue?
        switch value {
        case .null: break
        case .object(let members):
            let fields = ["name", "listen", "upstream", "enabled", "Logger", "toxics"]
            for member in members {
                let value = member.value
                switch JSONValue.field(for: member.key, in: fields) {
                case "name": errors.assign(&name, from: value, at: "\(structName).name", GoUnmarshal.string)
                case "listen": errors.assign(&listen, from: value, at: "\(structName).listen", GoUnmarshal.string)
                case "upstream": errors.assign(&upstream, from: value, at: "\(structName).upstream", GoUnmarshal.string)
                case "enabled":
                    // Populate's `enabled` is a Go *bool: null resets it to nil, which then means true.
                    if nullEnablesProxy, value == .null { enabled = true }
                    errors.assign(&enabled, from: value, at: "\(structName).enabled", GoUnmarshal.bool)
                case "Logger":
                    // An exported Go field (zerolog.Logger) with no public members: objects pass, the rest fail.
                    switch value {
                    case .null, .object: break
                    default:
                        let mismatch = GoTypeMismatch(value: value.goKindName, goType: "zerolog.Logger")
                        errors.record(mismatch.fieldMessage("\(structName).Logger"))
                    }
                case "toxics": toxics = value
                default: break
                }
            }
        default:
            errors.record(GoTypeMismatch(value: value.goKindName, goType: topLevelType).valueMessage)
        }
        return toxics
    }
}

extension ProxySnapshot {
    /// Writes the proxy object, keys in Toxiproxy's order, `"Logger":{}` included:
    /// `{"name":…,"listen":…,"upstream":…,"enabled":…,"Logger":{},"toxics":[…]}`.
    public func writeJSON(into writer: inout JSONWriter) {
        writer.raw("{\"name\":")
        writer.string(name)
        writer.raw(",\"listen\":")
        writer.string(listen)
        writer.raw(",\"upstream\":")
        writer.string(upstream)
        writer.raw(",\"enabled\":")
        writer.bool(enabled)
        writer.raw(",\"Logger\":{},\"toxics\":[")
        for (index, toxic) in toxics.enumerated() {
            if index > 0 { writer.raw(",") }
            toxic.writeJSON(into: &writer)
        }
        writer.raw("]}")
    }

    /// The proxy object as bytes.
    public var wireJSON: [UInt8] {
        var writer = JSONWriter()
        writeJSON(into: &writer)
        return writer.bytes
    }
}
