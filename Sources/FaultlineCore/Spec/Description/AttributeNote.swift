/// The hand-written part of an attribute's description: its JSON type, range or choices, unit and one line of help.
///
/// Each decoder module keeps its notes beside its decoder, naming the same constants its validation checks against;
/// the keys and defaults are never written here (they come from the decoder's tables).
public struct AttributeNote: Sendable {
    public var type: AttributeDescription.ValueType
    public var unit: String
    public var help: String
    public var minimum: JSONValue?
    public var maximum: JSONValue?
    public var choices: [String]
    public var nullable: Bool

    public init(
        type: AttributeDescription.ValueType, unit: String = "", help: String, minimum: JSONValue? = nil,
        maximum: JSONValue? = nil, choices: [String] = [], nullable: Bool = false
    ) {
        self.type = type
        self.unit = unit
        self.help = help
        self.minimum = minimum
        self.maximum = maximum
        self.choices = choices
        self.nullable = nullable
    }

    /// An integer, refused outside `range` when one is given.
    public static func integer(
        _ unit: String, _ help: String, in range: ClosedRange<Int64>? = nil, nullable: Bool = false
    ) -> AttributeNote {
        AttributeNote(
            type: .integer, unit: unit, help: help, minimum: range.map { .integer($0.lowerBound) },
            maximum: range.map { .integer($0.upperBound) }, nullable: nullable)
    }

    /// A number, refused outside `range` (or below `atLeast`) when given.
    public static func number(
        _ unit: String, _ help: String, in range: ClosedRange<Double>? = nil, atLeast: Double? = nil
    ) -> AttributeNote {
        AttributeNote(
            type: .number, unit: unit, help: help, minimum: (range?.lowerBound ?? atLeast).map { .float($0) },
            maximum: range.map { .float($0.upperBound) })
    }

    /// A probability in [0, 1].
    public static func fraction(_ help: String) -> AttributeNote { number("fraction", help, in: 0...1) }

    public static func boolean(_ help: String) -> AttributeNote { AttributeNote(type: .boolean, help: help) }

    public static func string(_ help: String) -> AttributeNote { AttributeNote(type: .string, help: help) }

    /// One of `choices`, exactly as written.
    public static func choice(_ help: String, _ choices: [String]) -> AttributeNote {
        AttributeNote(type: .string, help: help, choices: choices)
    }

    /// The raw values of every case of a string enum, in declaration order.
    public static func choice<E: CaseIterable & RawRepresentable>(_ help: String, _ type: E.Type) -> AttributeNote
    where E.RawValue == String {
        choice(help, E.allCases.map(\.rawValue))
    }

    public static func strings(_ help: String) -> AttributeNote { AttributeNote(type: .strings, help: help) }

    public static func headers(_ help: String) -> AttributeNote { AttributeNote(type: .headers, help: help) }

    /// A note for a key nobody described: its type read off its default, no help (a unit test forbids this).
    init(inferredFrom value: JSONValue) {
        let type: AttributeDescription.ValueType
        switch value {
        case .bool: type = .boolean
        case .number(let text): type = Int64(text) == nil ? .number : .integer
        case .array: type = .strings
        case .object: type = .headers
        case .string, .null: type = .string
        }
        self.init(type: type, help: "", nullable: value == .null)
    }
}
