/// Splits "host:port" the way Go's net.SplitHostPort does, with Go's error texts (Toxiproxy users see them).
public struct HostPort: Equatable, Sendable {
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Why a text is not a usable "host:port".
    public enum ParseError: Error, Equatable, Sendable {
        case missingPort
        case tooManyColons
        case missingBracket
        case unexpectedBracket
        case invalidPort(String)

        /// Go's wording, to follow `address <text>: `.
        public var reason: String {
            switch self {
            case .missingPort: "missing port in address"
            case .tooManyColons: "too many colons in address"
            case .missingBracket: "missing ']' in address"
            case .unexpectedBracket: "unexpected '[' in address"
            case .invalidPort: "invalid port"
            }
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> HostPort {
        let bytes = Array(text.utf8)
        guard let lastColon = bytes.lastIndex(of: UInt8(ascii: ":")) else { throw .missingPort }
        var host: ArraySlice<UInt8>
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { throw .missingBracket }
            if close + 1 == bytes.count { throw .missingPort }
            guard close + 1 == lastColon else {
                throw bytes[close + 1] == UInt8(ascii: ":") ? .tooManyColons : .missingPort
            }
            host = bytes[1..<close]
        } else {
            host = bytes[..<lastColon]
            if host.contains(UInt8(ascii: ":")) { throw .tooManyColons }
        }
        if host.contains(UInt8(ascii: "[")) || host.contains(UInt8(ascii: "]")) { throw .unexpectedBracket }
        let portText = bytes[(lastColon + 1)...]
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let value = Int(String(decoding: portText, as: UTF8.self)), value <= 65535
        else { throw .invalidPort(String(decoding: portText, as: UTF8.self)) }
        return HostPort(host: String(decoding: host, as: UTF8.self), port: UInt16(value))
    }
}
