/// Go encoding/json's rules for storing one JSON value in a typed field, with its error wording.
///
/// Each reader returns nil for `null` (Go leaves the field as it was) and throws a `GoTypeMismatch` for a
/// value of the wrong kind. Decoders record the first mismatch and carry on, as Go's decoder does.
public enum GoUnmarshal {
    /// A Go `int64` (or `int`): only an integer literal within range; `1.5`, `1e3` and `"100"` are refused.
    public static func int64(_ value: JSONValue, goType: String = "int64") throws(GoTypeMismatch) -> Int64? {
        switch value {
        case .null: return nil
        case .number(let text):
            guard let integer = Int64(text) else { throw GoTypeMismatch(value: "number \(text)", goType: goType) }
            return integer
        default: throw GoTypeMismatch(value: value.goKindName, goType: goType)
        }
    }

    /// A Go `uint64`: a non-negative integer literal within range.
    public static func uint64(_ value: JSONValue) throws(GoTypeMismatch) -> UInt64? {
        switch value {
        case .null: return nil
        case .number(let text):
            guard !text.hasPrefix("-"), let integer = UInt64(text) else {
                throw GoTypeMismatch(value: "number \(text)", goType: "uint64")
            }
            return integer
        default: throw GoTypeMismatch(value: value.goKindName, goType: "uint64")
        }
    }

    /// A Go `float32`: any number that does not overflow float32 (`1e39` is refused, `"1"` too).
    public static func float32(_ value: JSONValue) throws(GoTypeMismatch) -> Float? {
        switch value {
        case .null: return nil
        case .number(let text):
            guard let float = Float(text), float.isFinite else {
                throw GoTypeMismatch(value: "number \(text)", goType: "float32")
            }
            return float
        default: throw GoTypeMismatch(value: value.goKindName, goType: "float32")
        }
    }

    /// A Go `float64`: any number within range (`1e400` is refused, `"1"` too).
    public static func float64(_ value: JSONValue) throws(GoTypeMismatch) -> Double? {
        switch value {
        case .null: return nil
        case .number(let text):
            guard let double = Double(text), double.isFinite else {
                throw GoTypeMismatch(value: "number \(text)", goType: "float64")
            }
            return double
        default: throw GoTypeMismatch(value: value.goKindName, goType: "float64")
        }
    }

    public static func string(_ value: JSONValue) throws(GoTypeMismatch) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        default: throw GoTypeMismatch(value: value.goKindName, goType: "string")
        }
    }

    public static func bool(_ value: JSONValue) throws(GoTypeMismatch) -> Bool? {
        switch value {
        case .null: return nil
        case .bool(let flag): return flag
        default: throw GoTypeMismatch(value: value.goKindName, goType: "bool")
        }
    }
}

/// A value of the wrong kind for its field, as Go's `UnmarshalTypeError` describes it.
public struct GoTypeMismatch: Error, Equatable, Sendable {
    /// `string`, `array`, `number 1.5` …
    public var value: String
    /// `int64`, `bool`, `toxics.LatencyToxic` …
    public var goType: String

    public init(value: String, goType: String) {
        self.value = value
        self.goType = goType
    }

    /// `json: cannot unmarshal <value> into Go struct field <path> of type <type>`, where `path` is Go's
    /// `Struct.field.path` (`LatencyToxic.attributes.latency`; the struct is empty for anonymous ones).
    public func fieldMessage(_ path: String) -> String {
        "json: cannot unmarshal \(value) into Go struct field \(path) of type \(goType)"
    }

    /// `json: cannot unmarshal <value> into Go value of type <type>` (the body itself has the wrong shape).
    public var valueMessage: String { "json: cannot unmarshal \(value) into Go value of type \(goType)" }
}

/// The first error of a decode that carries on past type errors (Go's `saveError`).
public struct GoFirstError: Sendable {
    public private(set) var message: String?

    public init() {}

    public mutating func record(_ text: String) {
        if message == nil { message = text }
    }

    /// Reads `value` with `reader` into `target` (null keeps it); a mismatch is recorded against `path`
    /// (`Struct.field`, see `GoTypeMismatch.fieldMessage`).
    public mutating func assign<T>(
        _ target: inout T,
        from value: JSONValue,
        at path: String,
        _ reader: (JSONValue) throws(GoTypeMismatch) -> T?
    ) {
        do throws(GoTypeMismatch) {
            if let decoded = try reader(value) { target = decoded }
        } catch {
            record(error.fieldMessage(path))
        }
    }
}
