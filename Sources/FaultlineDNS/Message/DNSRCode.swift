/// A response code, 12 bits wide: the low four live in the header, the high eight in OPT (RFC 6891).
public struct DNSRCode: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue & 0xFFF }

    public static let noError = DNSRCode(rawValue: 0)
    public static let formErr = DNSRCode(rawValue: 1)
    public static let servFail = DNSRCode(rawValue: 2)
    public static let nxDomain = DNSRCode(rawValue: 3)
    public static let notImp = DNSRCode(rawValue: 4)
    public static let refused = DNSRCode(rawValue: 5)
    /// BADVERS (RFC 6891 §6.1.3): the client spoke an EDNS version above 0.
    public static let badVers = DNSRCode(rawValue: 16)

    /// The four bits that go in the header.
    public var headerBits: UInt8 { UInt8(truncatingIfNeeded: rawValue & 0xF) }
    /// The eight bits that go in OPT's extended-RCODE field.
    public var extendedBits: UInt8 { UInt8(truncatingIfNeeded: rawValue >> 4) }
}
