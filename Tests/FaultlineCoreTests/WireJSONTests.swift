/// The JSON parser and writer against Go encoding/json's observable behaviour.
import FaultlineCore
import Testing

private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
    try JSONParser.parseFirstValue(Array(text.utf8))
}

private func parseError(_ bytes: [UInt8]) -> String? {
    do throws(JSONParseError) {
        _ = try JSONParser.parseFirstValue(bytes)
        return nil
    } catch {
        return error.message
    }
}

private func parseError(_ text: String) -> String? { parseError(Array(text.utf8)) }

@Suite struct JSONParserTests {
    @Test func objectsKeepOrderAndDuplicates() throws {
        let value = try parse(#"{"b":1,"a":[true,false,null],"b":"x"}"#)
        #expect(
            value
                == .object([
                    JSONMember(key: "b", value: .number("1")),
                    JSONMember(key: "a", value: .array([.bool(true), .bool(false), .null])),
                    JSONMember(key: "b", value: .string("x")),
                ])
        )
    }

    @Test(arguments: ["0", "-0", "100", "1.5", "1e3", "1E+3", "-2.5e-7", "100.0", "99999999999999999999999"])
    func numbersKeepTheirLiteralText(text: String) throws {
        #expect(try parse(text) == .number(text))
        #expect(try parse("[\(text)]") == .array([.number(text)]))
    }

    @Test func onlyTheFirstValueIsRead() throws {
        #expect(try parse(#"{"name":"x"} garbage"#) == .object([JSONMember(key: "name", value: .string("x"))]))
        #expect(try parse("true}") == .bool(true))
        #expect(try parse("01") == .number("0"))
        #expect(try parse("  [] []") == .array([]))
    }

    @Test(arguments: [
        ("", "EOF") as (String, String), ("  \n\t\r ", "EOF"),
        ("{", "unexpected EOF"), (#"{"a":"#, "unexpected EOF"), (#"{"a":1"#, "unexpected EOF"),
        ("[1,", "unexpected EOF"), ("-", "unexpected EOF"), ("1.", "unexpected EOF"), ("tr", "unexpected EOF"),
        (#""abc"#, "unexpected EOF"), (#""\u12"#, "unexpected EOF"),
        ("garbage", "invalid character 'g' looking for beginning of value"),
        ("[1,]", "invalid character ']' looking for beginning of value"),
        (#"{"a":1,}"#, "invalid character '}' looking for beginning of object key string"),
        ("{1:2}", "invalid character '1' looking for beginning of object key string"),
        (#"{"a" 1}"#, "invalid character '1' after object key"),
        (#"{"a":1 "b":2}"#, "invalid character '\"' after object key:value pair"),
        ("[1 2]", "invalid character '2' after array element"),
        ("[01]", "invalid character '1' after array element"),
        ("-x", "invalid character 'x' in numeric literal"),
        ("1.x", "invalid character 'x' after decimal point in numeric literal"),
        ("1ex", "invalid character 'x' in exponent of numeric literal"),
        ("trux", "invalid character 'x' in literal true (expecting 'e')"),
        ("fals", "unexpected EOF"), ("nUll", "invalid character 'U' in literal null (expecting 'u')"),
        (#""\x""#, "invalid character 'x' in string escape code"),
        (#""\u12g4""#, #"invalid character 'g' in \u hexadecimal character escape"#),
        ("\"a\u{01}\"", "invalid character '\\x01' in string literal"),
        ("\"a\nb\"", "invalid character '\\n' in string literal"),
        ("'a'", "invalid character '\\'' looking for beginning of value"),
    ])
    func errorsUseGoWording(input: String, message: String) {
        #expect(parseError(input) == message)
    }

    @Test func nonASCIIBytesAreQuotedAsGoQuotesThem() {
        #expect(parseError([0xFF]) == "invalid character 'ÿ' looking for beginning of value")
        #expect(parseError([0xEF, 0xBB, 0xBF, 0x7B, 0x7D]) == "invalid character 'ï' looking for beginning of value")
        #expect(parseError([0x85]) == "invalid character '\\u0085' looking for beginning of value")
        #expect(parseError([0x7F]) == "invalid character '\\x7f' looking for beginning of value")
    }

    @Test func depthTenThousandIsACleanError() {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 10_000)
        #expect(parseError(deep) == "invalid character '[' exceeded max depth")
        let deepObjects = Array(String(repeating: #"{"a":"#, count: 10_000).utf8)
        #expect(parseError(deepObjects) == "invalid character '{' exceeded max depth")
    }

    @Test func nestingUpToTheLimitParses() throws {
        let depth = JSONParser.defaultMaxDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try parse(text)
        var levels = 0
        while case .array(let items) = value, levels <= depth {
            levels += 1
            guard let first = items.first else { break }
            value = first
        }
        #expect(levels == depth)
        #expect(parseError("[" + text + "]") == "invalid character '[' exceeded max depth")
    }

    @Test func escapesDecode() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u00e9\u2028\uD83D\uDE00""#) == .string("é\u{2028}😀"))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try parse(#""\uD83Dx""#) == .string("\u{FFFD}x"))
        #expect(try parse(#""\uDE00""#) == .string("\u{FFFD}"))
        #expect(try parse(#""\uD83D\u0041""#) == .string("\u{FFFD}A"))
    }

    @Test func invalidUTF8BecomesOneReplacementPerBadByte() throws {
        // Go's DecodeRune consumes one byte per error: a truncated 3-byte sequence gives two U+FFFD.
        let bytes: [UInt8] = [0x22, 0x61, 0xE2, 0x82, 0x62, 0xFF, 0xED, 0xA0, 0x80, 0xC3, 0xA9, 0x22]
        let expected = "a\u{FFFD}\u{FFFD}b\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}é"
        #expect(try JSONParser.parseFirstValue(bytes) == .string(expected))
        #expect(try JSONParser.parseFirstValue([0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22]) == .string("😀"))
    }

    @Test(arguments: [
        ("name", "name", true) as (String, String, Bool), ("NAME", "name", true), ("Upstream", "upstream", true),
        ("nam", "name", false), ("names", "name", false), ("\u{212A}", "k", true),
        ("\u{017F}tream", "stream", true), ("LOGGER", "Logger", true), ("é", "e", false),
    ])
    func keysMatchCaseInsensitively(key: String, field: String, matches: Bool) {
        #expect(JSONValue.key(key, matches: field) == matches)
    }
}

@Suite struct JSONWriterTests {
    private func written(_ text: String) -> String {
        var writer = JSONWriter()
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func stringsAreEscapedLikeGo() {
        #expect(written("plain") == #""plain""#)
        #expect(written("a\"b\\c") == #""a\"b\\c""#)
        #expect(written("<a href='x'>&</a>") == #""\u003ca href='x'\u003e\u0026\u003c/a\u003e""#)
        #expect(written("\u{08}\u{0C}\n\r\t\u{01}\u{1F}\u{7F}") == #""\b\f\n\r\t\u0001\u001f"# + "\u{7F}\"")
        #expect(written("\u{2028}\u{2029}é😀/") == #""\u2028\u2029"# + "é😀/\"")
    }

    @Test func scalarsAreCompact() {
        var writer = JSONWriter()
        writer.raw("[")
        writer.int(-42)
        writer.raw(",")
        writer.bool(true)
        writer.raw(",")
        writer.float32(0.25)
        writer.raw("]")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "[-42,true,0.25]")
    }

    @Test func parsedStringsRoundTripThroughTheWriter() throws {
        let original = "a/b%2Fc d\u{2028}<é>"
        var writer = JSONWriter()
        writer.string(original)
        #expect(try JSONParser.parseFirstValue(writer.bytes) == .string(original))
    }
}

@Suite struct JSONParserGarbageTests {
    @Test func randomBytesAndMutationsNeverCrash() {
        var random = SplitMix64(seed: 7)
        let seedText = Array(
            #"{"name":"a\u00e9\"","toxics":[{"type":"latency","attributes":{"latency":-1.5e3}},null,true]}"#.utf8
        )
        for round in 0..<2000 {
            var input = seedText
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let position = Int(random.next() % UInt64(input.count))
                switch random.next() % 3 {
                case 0: input[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: input.remove(at: position)
                default: input.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                }
                if input.isEmpty { break }
            }
            if round % 2 == 1 {
                input = (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
            do throws(JSONParseError) {
                let value = try JSONParser.parseFirstValue(input)
                #expect(value == (try? JSONParser.parseFirstValue(input)))
            } catch {
                #expect(
                    error.message == "EOF" || error.message == "unexpected EOF"
                        || error.message.hasPrefix("invalid character ")
                )
            }
        }
    }
}
