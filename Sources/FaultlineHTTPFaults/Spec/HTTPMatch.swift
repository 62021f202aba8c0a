/// Which requests an HTTP fault applies to: methods, path glob, header values and host, all of which must hold.

/// The matching attributes every `http_*` type accepts; an empty matcher matches every request.
public struct HTTPMatch: Equatable, Sendable {
    /// One required header: present (`value` nil, written `"*"`) or with exactly this value.
    public struct HeaderCondition: Equatable, Sendable {
        public var name: String
        public var value: String?

        public init(name: String, value: String?) {
            self.name = name
            self.value = value
        }
    }

    /// Case-sensitive, as methods are; empty means any method.
    public var methods: [String] { methodBytes.map { String(decoding: $0, as: UTF8.self) } }
    public var path: PathGlob?
    public var headers: [HeaderCondition]
    /// Compared with the `Host` field without its port, case-insensitively; nil means any host.
    public var host: String?

    private var methodBytes: [[UInt8]]
    private var headerBytes: [(name: [UInt8], value: [UInt8]?)]
    private var hostBytes: [UInt8]?

    public init(methods: [String] = [], path: PathGlob? = nil, headers: [HeaderCondition] = [], host: String? = nil) {
        self.path = path
        self.headers = headers
        self.host = host
        methodBytes = methods.map { Array($0.utf8) }
        headerBytes = headers.map { (Array($0.name.lowercased().utf8), $0.value.map { Array($0.utf8) }) }
        hostBytes = host.map { Array($0.lowercased().utf8) }
    }

    public static func == (lhs: HTTPMatch, rhs: HTTPMatch) -> Bool {
        lhs.methodBytes == rhs.methodBytes && lhs.path == rhs.path && lhs.headers == rhs.headers && lhs.host == rhs.host
    }

    public var matchesEverything: Bool { methodBytes.isEmpty && path == nil && headers.isEmpty && host == nil }

    /// Whether the request head in `bytes` (laid out by `layout`, read into `facts`) satisfies every condition.
    func matches(_ bytes: UnsafeRawBufferPointer, _ layout: HeadLayout, _ facts: RequestFacts) -> Bool {
        if !methodBytes.isEmpty && !methodBytes.contains(where: { ASCII.equals(bytes, facts.method, $0) }) {
            return false
        }
        for condition in headerBytes where !Self.hasField(condition, bytes, layout) { return false }
        if let hostBytes {
            guard let field = facts.host, ASCII.equalsIgnoringCase(bytes, Self.withoutPort(bytes, field), hostBytes)
            else { return false }
        }
        if let path, !RequestPath.withPath(of: UnsafeRawBufferPointer(rebasing: bytes[facts.target]), path.matches) {
            return false
        }
        return true
    }

    private static func hasField(
        _ condition: (name: [UInt8], value: [UInt8]?), _ bytes: UnsafeRawBufferPointer, _ layout: HeadLayout
    ) -> Bool {
        layout.fields.contains { field in
            guard ASCII.equalsIgnoringCase(bytes, field.name, condition.name) else { return false }
            guard let value = condition.value else { return true }
            return ASCII.equals(bytes, field.value, value)
        }
    }

    /// `example.com:8080` → `example.com`; `[::1]:8080` → `[::1]`.
    private static func withoutPort(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            let byte = bytes[index]
            if byte == ASCII.colon { return range.lowerBound..<index }
            if byte == UInt8(ascii: "]") || !ASCII.isDigit(byte) { break }
        }
        return range
    }
}
