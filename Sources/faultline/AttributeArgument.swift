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
        value = Self.number(raw).map(JSONValue.number) ?? .string(raw)
    }

    /// Every `-a`, in order (a repeated key is sent twice; the server keeps the last).
    static func members(_ texts: [String]) throws(FaultlineError) -> [JSONMember] {
        var members: [JSONMember] = []
        for text in texts {
            let attribute = try AttributeArgument(parsing: text)
            members.append(JSONMember(key: attribute.key, value: attribute.value))
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
