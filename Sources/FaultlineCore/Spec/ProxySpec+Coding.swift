/// Proxy bodies on the wire: POST /proxies, POST|PATCH /proxies/:proxy, and the proxy object.
extension ProxySpec {
    /// Decodes a POST /proxies body. Throws, in Toxiproxy's order: `.badRequestBody`, `.missingField("name")`,
    /// `.missingField("upstream")` (TCP proxies only). `enabled` defaults to true, `listen` to "". A `toxics`
    /// key is ignored here (Go's client sends the proxy's toxics back on every save). Faultline's `kind`
    /// (`tcp`, `dns` or `udp`; anything else is `.invalidValue(field: "kind")`) and the kind's block (`dns`, `udp`)
    /// are kept.
    public static func decodeCreateBody(_ body: [UInt8]) throws(FaultlineError) -> ProxySpec {
        var spec = ProxySpec(name: "", listen: "", upstream: "")
        let value = try JSONValue.parseBody(body)
        var errors = GoFirstError()
        let extras = spec.decodeFields(of: value, topLevelType: "toxiproxy.Proxy", structName: "Proxy", errors: &errors)
        if let message = errors.message { throw .badRequestBody(message) }
        if let kindError = extras.kindError { throw kindError }
        if spec.name.isEmpty { throw .missingField("name") }
        if spec.upstream.isEmpty && spec.requiresUpstream { throw .missingField("upstream") }
        return spec
    }

    /// A POST|PATCH /proxies/:proxy body merged over this proxy's current `listen`, `upstream` and `enabled`
    /// (and a DNS or UDP proxy's block, replaced whole when given). A `name` or `kind` in the body is ignored
    /// (neither can change); `upstream` may even become "".
    public func applyingUpdateBody(_ body: [UInt8]) throws(FaultlineError) -> ProxySpec {
        let value = try JSONValue.parseBody(body)
        var updated = self
        var errors = GoFirstError()
        updated.decodeFields(
            of: value, topLevelType: "toxiproxy.Proxy", structName: "Proxy", errors: &errors, kindIsFixed: true)
        if let message = errors.message { throw .badRequestBody(message) }
        updated.name = name
        return updated
    }

    /// What an entry carries besides the proxy's own fields.
    struct EntryExtras {
        /// The entry's last `toxics` value when one was given (populate and config entries use it).
        var toxics: JSONValue?
        /// A `kind` that names no proxy kind; raised after Go's type errors.
        var kindError: FaultlineError?
    }

    /// Applies the proxy fields of a JSON object Go-style; wrong shapes and types go to `errors`. With
    /// `kindIsFixed` (updates) a `kind` member is ignored and the block is read only for a DNS proxy.
    @discardableResult
    mutating func decodeFields(
        of value: JSONValue,
        topLevelType: String,
        structName: String,
        errors: inout GoFirstError,
        nullEnablesProxy: Bool = false,
        kindIsFixed: Bool = false
    ) -> EntryExtras {
        var extras = EntryExtras()
        var kindText: String?
        switch value {
        case .null: break
        case .object(let members):
            let fields = ["name", "listen", "upstream", "enabled", "Logger", "toxics", "kind", "dns", "udp", "tls"]
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
                case "toxics": extras.toxics = value
                case "kind" where !kindIsFixed:
                    errors.assign(&kindText, from: value, at: "\(structName).kind", GoUnmarshal.string)
                case "dns": dns = value == .null ? nil : value
                case "udp": udp = value == .null ? nil : value
                // Kept as given, `null` included: an update body's `"tls": null` removes the block.
                case "tls": tls = value
                default: break
                }
            }
        default:
            errors.record(GoTypeMismatch(value: value.goKindName, goType: topLevelType).valueMessage)
        }
        if let kindText {
            if let parsed = ProxyKind(wireName: kindText) {
                kind = parsed
            } else {
                extras.kindError = .invalidValue(field: "kind", reason: "must be tcp, dns or udp")
            }
        }
        if kind != .dns { dns = nil }
        if kind != .udp { udp = nil }
        if kind != .tcp || (!kindIsFixed && tls == .null) { tls = nil }
        return extras
    }
}

extension ProxySnapshot {
    /// Writes the proxy object, keys in Toxiproxy's order, `"Logger":{}` included:
    /// `{"name":…,"listen":…,"upstream":…,"enabled":…,"Logger":{},"toxics":[…]}`. A TCP proxy stops there,
    /// byte for byte Toxiproxy's object (unless it has a `tls` block, which follows); any other kind appends `"kind":…` and its block (`"dns":{…}`, `"udp":{…}`).
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
        writer.raw("]")
        // Faultline's TLS settings (paths, never key contents): only on a proxy that has them (CONTRACT §3).
        if kind == .tcp, let tls {
            writer.raw(",\"tls\":")
            tls.write(into: &writer)
        }
        if kind != .tcp {
            writer.raw(",\"kind\":")
            writer.string(kind.rawValue)
            writer.raw(",\"\(kind.rawValue)\":")
            ((kind == .udp ? udp : dns) ?? .object([])).write(into: &writer)
        }
        writer.raw("}")
    }

    /// The proxy object as bytes.
    public var wireJSON: [UInt8] {
        var writer = JSONWriter()
        writeJSON(into: &writer)
        return writer.bytes
    }
}
