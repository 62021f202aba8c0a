/// `-a key=value` and `--toxicity` parsing: what toxiproxy-cli would send, and what we refuse up front.
import FaultlineCore
import Testing

@testable import faultline

@Suite struct AttributeArgumentTests {
    @Test(arguments: [
        ("latency=100", "latency", JSONValue.number("100")),
        ("latency=100.0", "latency", .number("100")),
        ("rate=1e3", "rate", .number("1000")),
        ("jitter=-5", "jitter", .number("-5")),
        ("loss=0.25", "loss", .number("0.25")),
        ("tiny=1e-7", "tiny", .number("1e-07")),
        ("huge=1e300", "huge", .number("1e+300")),
        ("mode=drop", "mode", .string("drop")),
        ("name=a=b", "name", .string("a=b")),
        ("empty=", "empty", .string("")),
        ("weird=nan", "weird", .string("nan")),
        ("weird=inf", "weird", .string("inf")),
    ])
    func parses(_ text: String, key: String, value: JSONValue) throws {
        let attribute = try AttributeArgument(parsing: text)
        #expect(attribute.key == key)
        #expect(attribute.value == value)
    }

    @Test func refusesWhatIsNotKeyEqualsValue() {
        #expect(throws: FaultlineError.invalidValue(field: "--attribute", reason: "'latency' is not key=value")) {
            try AttributeArgument(parsing: "latency")
        }
        #expect(throws: FaultlineError.invalidValue(field: "--attribute", reason: "'=5' has no key")) {
            try AttributeArgument(parsing: "=5")
        }
    }

    @Test func keepsEveryAttributeInOrder() throws {
        let members = try AttributeArgument.members(["b=1", "a=x", "b=2"])
        #expect(members.map(\.key) == ["b", "a", "b"])
        #expect(members.map(\.value) == [.number("1"), .string("x"), .number("2")])
    }

    @Test(arguments: [("0", Float(0)), ("1", 1), ("0.5", 0.5), (".25", 0.25), ("1e-1", 0.1)])
    func toxicityInRange(_ text: String, value: Float) throws {
        #expect(try AttributeArgument.toxicity(text) == value)
    }

    @Test(arguments: ["1.01", "-0.5", "x", "nan", "inf", ""])
    func toxicityOutOfRange(_ text: String) {
        #expect(
            throws: FaultlineError.invalidValue(field: "--toxicity", reason: "'\(text)' is not a number from 0 to 1")
        ) {
            try AttributeArgument.toxicity(text)
        }
    }

    @Test func noToxicityMeansKeepOrDefault() throws {
        #expect(try AttributeArgument.toxicity(nil) == nil)
    }
}

extension AttributeArgumentTests {
    @Test func dottedKeysBuildObjectAttributesWithTextValues() throws {
        let members = try AttributeArgument.members(["phase=response", "set.X-Env=chaos", "set.X-Tier=2", "remove=X-A"])
        #expect(members == [
            JSONMember(key: "phase", value: .string("response")),
            JSONMember(key: "set", value: .object([
                JSONMember(key: "X-Env", value: .string("chaos")), JSONMember(key: "X-Tier", value: .string("2")),
            ])),
            JSONMember(key: "remove", value: .string("X-A")),
        ])
    }
}
