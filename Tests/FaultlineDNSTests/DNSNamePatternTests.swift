/// Name patterns and name text: the wildcard matching table of dns-and-loss.md §5(b).
import Testing
@testable import FaultlineDNS

@Suite struct DNSNamePatternTests {
    @Test(arguments: [
        ("db.test", "db.test", true),
        ("db.test", "DB.Test.", true),
        ("db.test.", "db.test", true),
        ("db.test", "x.db.test", false),
        ("db.test", "test", false),
        ("*.test", "a.test", true),
        ("*.test", "a.b.test", true),
        ("*.test", "A.TEST", true),
        ("*.test", "test", false),
        ("*.test", "mytest", false),
        ("*.test", "a.mytest", false),
        ("*.test", "test.example", false),
        ("*.Corp.Test", "db.corp.test", true),
        ("*.corp.test", "corp.test", false),
        ("*", "anything.example", true),
        ("*", "x", true),
        ("*.", "x", true),
    ])
    func patternMatches(pattern: String, name: String, expected: Bool) throws {
        let parsed = try DNSNamePattern(parsing: pattern)
        #expect(parsed.matches(try DNSName(parsing: name)) == expected)
    }

    @Test(arguments: [
        ("", "the name is empty"),
        (".", "the name is empty"),
        ("a*.test", "'*' is allowed only as the whole leftmost label"),
        ("a.*.test", "'*' is allowed only as the whole leftmost label"),
        ("*a.test", "'*' is allowed only as the whole leftmost label"),
        ("a..test", "the name has an empty label"),
        (".test", "the name has an empty label"),
        ("has space.test", "names must be printable ASCII without spaces (use punycode)"),
        ("café.test", "names must be printable ASCII without spaces (use punycode)"),
        (String(repeating: "a", count: 64) + ".test", "a label is longer than 63 bytes"),
        (Array(repeating: "abcdefg", count: 32).joined(separator: "."), "the name is longer than 253 characters"),
    ])
    func badPatternsAreRefused(text: String, reason: String) {
        #expect(throws: DNSName.SyntaxError(reason: reason)) { try DNSNamePattern(parsing: text) }
    }

    @Test func longestLegalNameParses() throws {
        // 63+1+63+1+63+1+61 = 253 characters: the longest name that fits 255 wire bytes.
        let text = [63, 63, 63, 61].map { String(repeating: "a", count: $0) }.joined(separator: ".")
        #expect(try DNSName(parsing: text).wireLength == 255)
    }

    @Test func wildcardZoneIsTheSOAOwner() throws {
        #expect(try DNSNamePattern(parsing: "*.Corp.test").zone == DNSName(parsing: "corp.test"))
        #expect(try DNSNamePattern(parsing: "db.test").zone == nil)
        #expect(try DNSNamePattern(parsing: "*").zone == nil)
    }

    @Test func namePresentationEscapesOddBytes() throws {
        let name = try #require(DNSName(labels: [[0x61, 0x2E, 0x62], [0x00, 0x5C]]))
        #expect(name.description == "a\\.b.\\000\\\\.")
        #expect(DNSName.root.description == ".")
        #expect(DNSName(labels: [[]]) == nil)
        #expect(DNSName(labels: [[UInt8](repeating: 0x61, count: 64)]) == nil)
    }
}
