/// Merging attributes and toxicity over a toxic (create fills in defaults, PATCH merges over the current one).
extension ToxicKind {
    /// Applies an `attributes` value over these attributes as Go's decoder does: matching keys
    /// case-insensitively, ignoring unknown keys and nulls, and recording the first type error while the
    /// other fields still apply (callers decide whether a recorded error discards the result).
    public func merging(attributes value: JSONValue, errors: inout GoFirstError, parent: String) -> ToxicKind {
        if case .object(let members) = value {
            switch self {
            case .dns(let type, let current): return .dns(type: type, attributes: Self.merge(members, over: current))
            case .http(let type, let current): return .http(type: type, attributes: Self.merge(members, over: current))
            case .tls(let type, let current): return .tls(type: type, attributes: Self.merge(members, over: current))
            default: break
            }
        }
        // Datagram toxics are merged strictly (`DatagramToxicKind.merging`) by the callers, whose errors name the field.
        if case .udp = self { return self }
        switch value {
        case .null:
            return self
        case .object(let members):
            let keys = attributeKeys
            var values = attributeValues
            let integerType = integerGoType
            var optional: [JSONMember] = []
            for member in members {
                guard let key = JSONValue.field(for: member.key, in: keys), let index = keys.firstIndex(of: key)
                else {
                    optional.append(member)
                    continue
                }
                let path = "\(goStructName).attributes.\(key)"
                // The key's current value says its type, and so which Go rule reads the new one.
                switch values[index] {
                case .int(var int):
                    errors.assign(&int, from: member.value, at: path) { value throws(GoTypeMismatch) in
                        try GoUnmarshal.int64(value, goType: integerType)
                    }
                    values[index] = .int(int)
                case .float(var float):
                    errors.assign(&float, from: member.value, at: path, GoUnmarshal.float64)
                    values[index] = .float(float)
                case .string(var string):
                    errors.assign(&string, from: member.value, at: path, GoUnmarshal.string)
                    values[index] = .string(string)
                case .bool(var bool):
                    errors.assign(&bool, from: member.value, at: path, GoUnmarshal.bool)
                    values[index] = .bool(bool)
                }
            }
            return replacingAttributeValues(values).mergingOptional(optional, errors: &errors)
        default:
            let mismatch = GoTypeMismatch(value: value.goKindName, goType: "toxics.\(goStructName)")
            errors.record(mismatch.fieldMessage("\(parent).attributes"))
            return self
        }
    }
}

extension ToxicKind {
    /// Faultline's optional keys on Toxiproxy's types (`distribution`, …) read from `members` with Go's rules; other
    /// keys are ignored, as Go ignores unknown fields.
    private func mergingOptional(_ members: [JSONMember], errors: inout GoFirstError) -> ToxicKind {
        let keys = optionalAttributeKeys
        var kind = self
        for member in members {
            guard let key = JSONValue.field(for: member.key, in: keys) else { continue }
            let path = "\(goStructName).attributes.\(key)"
            do throws(GoTypeMismatch) {
                if key == "correlation" {
                    if let number = try GoUnmarshal.float64(member.value) {
                        kind = kind.settingOptionalAttribute(key, to: .float(number))
                    }
                } else if let text = try GoUnmarshal.string(member.value) {
                    kind = kind.settingOptionalAttribute(key, to: .string(text))
                }
            } catch {
                errors.record(error.fieldMessage(path))
            }
        }
        return kind
    }

    /// A DNS or HTTP toxic's attributes with `members` laid over them: a key matching a current one (Go's
    /// case-insensitive rule) replaces its value in place, a new key is appended, and `null` keeps what was there.
    static func merge(_ members: [JSONMember], over current: JSONValue) -> JSONValue {
        guard case .object(var merged) = current else { return .object(members.filter { $0.value != .null }) }
        for member in members where member.value != .null {
            if let index = merged.firstIndex(where: { JSONValue.key(member.key, matches: $0.key) }) {
                merged[index].value = member.value
            } else {
                merged.append(member)
            }
        }
        return .object(merged)
    }
}

extension ToxicSpec {
    /// Go's name for the anonymous struct Toxiproxy decodes PATCH bodies into.
    static let patchGoType =
        #"struct { Attributes interface {} "json:\"attributes\""; Toxicity float32 "json:\"toxicity\"" }"#

    /// A POST|PATCH /proxies/:proxy/toxics/:toxic body merged over this toxic. Only `attributes` and
    /// `toxicity` count (name, type and stream never change); missing or null values keep theirs. The merged
    /// attributes of Faultline's own types must pass `ToxicKind.validate()` (a 400 naming the field).
    /// Atomic, unlike Toxiproxy: any error leaves the toxic as it was (CONTRACT §2).
    public func applyingPatchBody(_ body: [UInt8]) throws(FaultlineError) -> ToxicSpec {
        let value = try JSONValue.parseBody(body)
        var errors = GoFirstError()
        var patched = self
        switch value {
        case .null:
            return self
        case .object(let members):
            for member in members {
                switch JSONValue.field(for: member.key, in: ["attributes", "toxicity"]) {
                case "attributes":
                    // Faultline's `clients`, `ttl` and `schedule` first: they are no type's own keys.
                    let (own, options) = ToxicOptions.split(member.value)
                    patched.options = try patched.options.merging(options)
                    if case .udp(let current) = patched.kind {
                        // Strict: an unknown key or a value out of range is a 400 naming it, and nothing changes.
                        patched.kind = .udp(try current.merging(attributes: own))
                        continue
                    }
                    patched.kind = patched.kind.merging(attributes: own, errors: &errors, parent: "")
                case "toxicity":
                    // Go names the anonymous struct it decodes PATCH bodies into with an empty string.
                    errors.assign(&patched.toxicity, from: member.value, at: ".toxicity", GoUnmarshal.float32)
                default: break
                }
            }
        default:
            throw .badRequestBody(GoTypeMismatch(value: value.goKindName, goType: Self.patchGoType).valueMessage)
        }
        if let message = errors.message { throw .badRequestBody(message) }
        try patched.kind.validate()
        return patched
    }
}
