/// The /populate body and the config file (one format): an array of proxies, each with optional `toxics`.
extension ProxySpec {
    /// Go's name for the element type Toxiproxy decodes /populate into.
    static let populateEntryGoType = #"struct { toxiproxy.Proxy; Enabled *bool "json:\"enabled\"" }"#

    /// Decodes a POST /populate body. Like Toxiproxy: the whole body must decode (`.badRequestBody`), then each
    /// entry in order needs a name and an upstream (`.missingFieldAtProxy`, counted from 1); `enabled` missing
    /// or null means true; `null` is an empty list. Faultline's addition: an entry's `toxics` array is decoded
    /// with the toxic-create rules, and its errors name the entry and toxic (`… at proxy 2 (web) toxic 1`).
    public static func decodePopulateBody(_ body: [UInt8]) throws(FaultlineError) -> [ProxySpec] {
        let value = try JSONValue.parseBody(body)
        let entries: [JSONValue]
        switch value {
        case .null: entries = []
        case .array(let items): entries = items
        default:
            let mismatch = GoTypeMismatch(value: value.goKindName, goType: "[]" + populateEntryGoType)
            throw .badRequestBody(mismatch.valueMessage)
        }
        // Pass 1, as Go's decoder: every entry's own fields; the first type error wins.
        var errors = GoFirstError()
        var specs: [ProxySpec] = []
        var extras: [EntryExtras] = []
        for (offset, entry) in entries.enumerated() {
            var spec = ProxySpec(name: "", listen: "", upstream: "")
            var entryErrors = GoFirstError()
            let entryExtras = spec.decodeFields(
                of: entry,
                topLevelType: populateEntryGoType,
                structName: "",
                errors: &entryErrors,
                nullEnablesProxy: true
            )
            if let message = entryErrors.message {
                errors.record(message + location(offset + 1, spec.name, toxic: nil))
            }
            specs.append(spec)
            extras.append(entryExtras)
        }
        if let message = errors.message { throw .badRequestBody(message) }
        // Pass 2: required fields entry by entry, then that entry's toxics (decoded for the entry's kind).
        for index in specs.indices {
            if case .invalidValue(let field, let reason)? = extras[index].kindError {
                throw .invalidValue(field: "\(field) at proxy \(index + 1)", reason: reason)
            }
            if specs[index].name.isEmpty { throw .missingFieldAtProxy(field: "name", index: index + 1) }
            if specs[index].upstream.isEmpty && specs[index].requiresUpstream {
                throw .missingFieldAtProxy(field: "upstream", index: index + 1)
            }
            if let toxics = extras[index].toxics {
                specs[index].toxics = try decodeEntryToxics(
                    toxics, entry: index + 1, proxyName: specs[index].name, kind: specs[index].kind)
            }
        }
        return specs
    }

    /// Decodes a config file (`-config proxies.json`): exactly the /populate format and rules.
    public static func decodeConfigFile(_ bytes: [UInt8]) throws(FaultlineError) -> [ProxySpec] {
        try decodePopulateBody(bytes)
    }

    private static func decodeEntryToxics(
        _ value: JSONValue,
        entry: Int,
        proxyName: String,
        kind: ProxyKind
    ) throws(FaultlineError) -> [ToxicSpec] {
        let items: [JSONValue]
        switch value {
        case .null: return []
        case .array(let array): items = array
        default:
            let mismatch = GoTypeMismatch(value: value.goKindName, goType: "[]toxics.ToxicWrapper")
            throw .badRequestBody(
                mismatch.fieldMessage(".toxics")
                    + location(entry, proxyName, toxic: nil)
            )
        }
        var toxics: [ToxicSpec] = []
        for (offset, item) in items.enumerated() {
            let here = location(entry, proxyName, toxic: offset + 1)
            do throws(FaultlineError) {
                let body = try ToxicSpec.decodeCreate(item, proxyKind: kind)
                if toxics.contains(where: { $0.name.isBytewiseEqual(to: body.toxic.name) }) {
                    throw FaultlineError.toxicAlreadyExists
                }
                if let attributeError = body.attributeError { throw attributeError }
                toxics.append(body.toxic)
            } catch {
                throw .badRequestBody(detail(of: error) + here)
            }
        }
        return toxics
    }

    /// ` at proxy 2 (web) toxic 1`: where in a populate body or config file an error sits.
    private static func location(_ entry: Int, _ name: String, toxic: Int?) -> String {
        var text = " at proxy \(entry)"
        if !name.isEmpty { text += " (\(name))" }
        if let toxic { text += " toxic \(toxic)" }
        return text
    }

    /// The error's text without a `bad request body: ` prefix, so wrapping it does not repeat one.
    private static func detail(of error: FaultlineError) -> String {
        if case .badRequestBody(let detail) = error { return detail }
        return error.message
    }
}
