/// `-a key=value` and `--toxicity`: parsed as toxiproxy-cli sends them, but refused with a message when malformed.
import FaultlineCore

struct AttributeArgument: Equatable {
    var key: String
    var value: JSONValue

    /// `latency=100` → `"latency": 100`; a value that reads as a finite number is sent as a JSON number (as
    /// toxiproxy-cli sends a float64), anything else as a string (`mode=drop`). No `=` or no key is refused
    /// (toxiproxy-cli silently drops such an argument, and the toxic then misses the attribute).
    init(parsing text: String) throws(FaultlineError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw .invalidValue(field: "--attribute", reason: "'\(text)' is not key=value")
        }
        let key = String(text[..<equals])
        guard !key.isEmpty else { throw .invalidValue(field: "--attribute", reason: "'\(text)' has no key") }
        let raw = String(text[text.index(after: equals)...])
        self.key = key
        // `set.X-Env=chaos` names a member of an object attribute (header maps): its values are text, never numbers.
        value = key.contains(".") ? .string(raw) : Self.number(raw).map(JSONValue.number) ?? .string(raw)
    }

    /// Every `-a`, in order (a repeated key is sent twice; the server keeps the last). A dotted key
    /// (`-a set.X-Env=chaos -a set.X-Tier=2`) adds a member to the object attribute before the dot, which is how
    /// the header maps of the `http_*` toxics are given on the command line.
    static func members(_ texts: [String]) throws(FaultlineError) -> [JSONMember] {
        var members: [JSONMember] = []
        for text in texts {
            let attribute = try AttributeArgument(parsing: text)
            guard let dot = attribute.key.firstIndex(of: "."), dot != attribute.key.startIndex else {
                members.append(JSONMember(key: attribute.key, value: attribute.value))
                continue
            }
            let object = String(attribute.key[..<dot])
            let member = JSONMember(key: String(attribute.key[attribute.key.index(after: dot)...]), value: attribute.value)
            if let index = members.lastIndex(where: { $0.key == object }), case .object(let existing) = members[index].value {
                members[index].value = .object(existing + [member])
            } else {
                members.append(JSONMember(key: object, value: .object([member])))
            }
        }
        return members
    }

    /// The JSON text Go writes for the float64 `text` parses as: integral values as plain integers (so an
    /// integer attribute accepts `100.0` or `1e3`, as with toxiproxy-cli), others in shortest form.
    static func number(_ text: String) -> String? {
        guard let value = Double(text), value.isFinite else { return nil }
        if value == value.rounded(), value.magnitude < 9e18 { return String(Int64(value)) }
        return value.description
    }

    /// `--toxicity`: a number from 0 to 1 (toxiproxy-cli's check, done before any request).
    static func toxicity(_ text: String?) throws(FaultlineError) -> Float? {
        guard let text else { return nil }
        guard let value = Float(text), value.isFinite, (0...1).contains(value) else {
            throw .invalidValue(field: "--toxicity", reason: "'\(text)' is not a number from 0 to 1")
        }
        return value
    }
}
