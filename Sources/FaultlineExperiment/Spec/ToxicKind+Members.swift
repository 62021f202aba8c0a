/// A toxic kind's attributes as JSON members and back, so fault toxics can carry attributes Faultline does not know.
import FaultlineCore

extension ToxicKind {
    /// Every attribute as `key: value`, in the kind's wire order (the bytes `writeAttributes` writes).
    var attributeMembers: [JSONMember] {
        zip(attributeKeys, attributeValues).map { JSONMember(key: $0, value: $1.jsonValue) }
    }

    /// The kind named `typeName` with these attributes; nil for an unknown type, an attribute the type does not
    /// have, or a value of the wrong JSON type. Missing attributes keep their defaults; `clients`, `ttl` and
    /// `schedule` belong to the toxic, not its kind, and are skipped.
    init?(typeName: String, attributes: [JSONMember]) {
        guard var zero = ToxicKind(typeName: typeName) else { return nil }
        let keys = zero.attributeKeys
        var values = zero.attributeValues
        for member in attributes {
            if ToxicOptions.keys.contains(where: { $0.isBytewiseEqual(to: member.key) }) { continue }
            if let key = zero.optionalAttributeKeys.first(where: { $0.isBytewiseEqual(to: member.key) }) {
                let template: ToxicAttributeValue = key == "correlation" ? .float(0) : .string("")
                guard let value = ToxicAttributeValue(member.value, like: template) else { return nil }
                zero = zero.settingOptionalAttribute(key, to: value)
                continue
            }
            guard let index = keys.firstIndex(where: { $0.isBytewiseEqual(to: member.key) }),
                let value = ToxicAttributeValue(member.value, like: values[index])
            else { return nil }
            values[index] = value
        }
        self = zero.replacingAttributeValues(values)
    }
}

extension ToxicAttributeValue {
    /// The value as JSON, numbers in Go's spelling.
    var jsonValue: JSONValue {
        switch self {
        case .int(let value): .number(String(value))
        case .float(let value): .number(GoFloatFormat.json(value))
        case .string(let value): .string(value)
        case .bool(let value): .bool(value)
        }
    }

    /// `value` read as the same type as `template`; nil when it is not (an integer attribute refuses `1.5`).
    init?(_ value: JSONValue, like template: ToxicAttributeValue) {
        switch (template, value) {
        case (.int, .number(let text)):
            guard let number = Int64(text) else { return nil }
            self = .int(number)
        case (.float, .number(let text)):
            guard let number = Double(text) else { return nil }
            self = .float(number)
        case (.string, .string(let text)): self = .string(text)
        case (.bool, .bool(let flag)): self = .bool(flag)
        default: return nil
        }
    }
}
