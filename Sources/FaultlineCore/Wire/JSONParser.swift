/// Reads the first JSON value of a byte buffer the way Go's `json.Decoder` does, without recursion.
///
/// Trailing bytes after the first value are ignored; nesting beyond `maxDepth` is a clean error (the parser
/// keeps its own stack, so no input can overflow the thread's stack); strings are decoded with Go's rules
/// (invalid UTF-8 and lone surrogates become U+FFFD); numbers keep their literal text.
public struct JSONParser {
    /// Far below Go's 10,000: no admin body needs more than four levels.
    public static let defaultMaxDepth = 512

    /// Parses the first JSON value in `bytes`.
    public static func parseFirstValue(
        _ bytes: [UInt8],
        maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        return try parser.parseValue()
    }

    /// An open array or object waiting for its next element.
    private enum Container {
        case array([JSONValue])
        case object([JSONMember], key: String)
    }

    let bytes: [UInt8]
    var index = 0
    private let maxDepth: Int

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        if index == bytes.count { throw .eof }
        var stack: [Container] = []
        while true {
            skipWhitespace()
            guard let byte = peek() else { throw .unexpectedEOF }
            var value: JSONValue
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                index += 1
                if stack.count + 1 > maxDepth { throw .invalid(byte, "exceeded max depth") }
                skipWhitespace()
                guard let next = peek() else { throw .unexpectedEOF }
                if byte == UInt8(ascii: "[") {
                    guard next == UInt8(ascii: "]") else {
                        stack.append(.array([]))
                        continue
                    }
                    value = .array([])
                } else {
                    guard next == UInt8(ascii: "}") else {
                        stack.append(.object([], key: try parseKey()))
                        continue
                    }
                    value = .object([])
                }
                index += 1
            case UInt8(ascii: "\""): value = .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try parseNumber())
            case UInt8(ascii: "t"):
                try parseLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try parseLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try parseLiteral("null")
                value = .null
            default: throw .invalid(byte, "looking for beginning of value")
            }
            // Hand the finished value to its container; close every container that ends right here.
            closing: while true {
                guard let top = stack.popLast() else { return value }
                skipWhitespace()
                guard let next = peek() else { throw .unexpectedEOF }
                index += 1
                switch top {
                case .array(var items):
                    items.append(value)
                    if next == UInt8(ascii: "]") {
                        value = .array(items)
                    } else if next == UInt8(ascii: ",") {
                        stack.append(.array(items))
                        break closing
                    } else {
                        throw .invalid(next, "after array element")
                    }
                case .object(var members, let key):
                    members.append(JSONMember(key: key, value: value))
                    if next == UInt8(ascii: "}") {
                        value = .object(members)
                    } else if next == UInt8(ascii: ",") {
                        skipWhitespace()
                        stack.append(.object(members, key: try parseKey()))
                        break closing
                    } else {
                        throw .invalid(next, "after object key:value pair")
                    }
                }
            }
        }
    }

    /// Reads `"key"` and the colon after it; the index then sits where the member's value may start.
    private mutating func parseKey() throws(JSONParseError) -> String {
        guard let quote = peek() else { throw .unexpectedEOF }
        guard quote == UInt8(ascii: "\"") else { throw .invalid(quote, "looking for beginning of object key string") }
        let key = try parseString()
        skipWhitespace()
        guard let colon = peek() else { throw .unexpectedEOF }
        guard colon == UInt8(ascii: ":") else { throw .invalid(colon, "after object key") }
        index += 1
        return key
    }

    private mutating func parseLiteral(_ word: String) throws(JSONParseError) {
        let expected = Array(word.utf8)
        index += 1
        for offset in 1..<expected.count {
            guard let byte = peek() else { throw .unexpectedEOF }
            guard byte == expected[offset] else {
                let want = Character(Unicode.Scalar(expected[offset]))
                throw .invalid(byte, "in literal \(word) (expecting '\(want)')")
            }
            index += 1
        }
    }

    /// Go's number grammar; the number ends at the first byte that cannot continue it.
    private mutating func parseNumber() throws(JSONParseError) -> String {
        let start = index
        if peek() == UInt8(ascii: "-") {
            index += 1
            guard let byte = peek() else { throw .unexpectedEOF }
            guard isDigit(byte) else { throw .invalid(byte, "in numeric literal") }
        }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            try requireDigit("after decimal point in numeric literal")
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            try requireDigit("in exponent of numeric literal")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func requireDigit(_ context: String) throws(JSONParseError) {
        guard let byte = peek() else { throw .unexpectedEOF }
        guard isDigit(byte) else { throw .invalid(byte, context) }
        skipDigits()
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        {
            index += 1
        }
    }
}
