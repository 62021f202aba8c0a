/// One EDNS option from OPT RDATA: a code and its opaque data (cookies, EDE, …).
public struct DNSOption: Hashable, Sendable {
    public var code: UInt16
    public var data: [UInt8]

    public init(code: UInt16, data: [UInt8]) {
        self.code = code
        self.data = data
    }

    public static let cookieCode: UInt16 = 10
    public static let extendedErrorCode: UInt16 = 15

    /// An RFC 8914 Extended DNS Error: INFO-CODE then UTF-8 EXTRA-TEXT.
    public static func extendedError(_ infoCode: UInt16, text: String) -> DNSOption {
        DNSOption(
            code: extendedErrorCode,
            data: [UInt8(truncatingIfNeeded: infoCode >> 8), UInt8(truncatingIfNeeded: infoCode)] + Array(text.utf8))
    }
}
