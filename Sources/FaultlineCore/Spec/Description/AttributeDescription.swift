/// One attribute of a toxic type as `GET /toxic-types` describes it: name, type, default, range or choices, unit, help.
public struct AttributeDescription: Equatable, Sendable {
    /// The JSON shape a value must have.
    public enum ValueType: String, Equatable, Sendable {
        /// A JSON integer literal (`1.5`, `1e3` and strings are refused).
        case integer
        /// Any finite JSON number.
        case number
        case boolean
        case string
        /// An array of strings.
        case strings
        /// An object of header name → value strings.
        case headers
    }

    public var name: String
    public var type: ValueType
    /// What a toxic gets when the attribute is left out (`null` for an optional one).
    public var defaultValue: JSONValue
    /// Whether `null` is a value of its own (unset), not just "the default".
    public var nullable: Bool
    /// Inclusive bounds the API enforces with a 400; nil where it accepts any value of the type.
    public var minimum: JSONValue?
    public var maximum: JSONValue?
    /// The only strings accepted, when the attribute is a choice.
    public var choices: [String]
    /// `ms`, `µs`, `s`, `bytes`, `KB/s`, `fraction`, or empty.
    public var unit: String
    public var help: String

    /// The attribute `name` with the decoder's `defaultValue` and the hand-written `note`.
    public init(name: String, defaultValue: JSONValue, note: AttributeNote) {
        self.name = name
        self.type = note.type
        self.defaultValue = defaultValue
        self.nullable = note.nullable
        self.minimum = note.minimum
        self.maximum = note.maximum
        self.choices = note.choices
        self.unit = note.unit
        self.help = note.help
    }

    /// `{"name","type","default"[,"nullable":true][,"min"][,"max"][,"enum"],"unit","help"}`, in that order.
    public func writeJSON(into writer: inout JSONWriter) {
        writer.raw("{\"name\":")
        writer.string(name)
        writer.raw(",\"type\":")
        writer.string(type.rawValue)
        writer.raw(",\"default\":")
        defaultValue.write(into: &writer)
        if nullable { writer.raw(",\"nullable\":true") }
        if let minimum {
            writer.raw(",\"min\":")
            minimum.write(into: &writer)
        }
        if let maximum {
            writer.raw(",\"max\":")
            maximum.write(into: &writer)
        }
        if !choices.isEmpty {
            writer.raw(",\"enum\":[")
            for (index, choice) in choices.enumerated() {
                if index > 0 { writer.raw(",") }
                writer.string(choice)
            }
            writer.raw("]")
        }
        writer.raw(",\"unit\":")
        writer.string(unit)
        writer.raw(",\"help\":")
        writer.string(help)
        writer.raw("}")
    }
}
