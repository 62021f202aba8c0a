/// An RR or query type number, with the mnemonics users write in `qtypes` (RFC 3597 `TYPEnnn` too).
public struct DNSRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = DNSRecordType(rawValue: 1)
    public static let ns = DNSRecordType(rawValue: 2)
    public static let cname = DNSRecordType(rawValue: 5)
    public static let soa = DNSRecordType(rawValue: 6)
    public static let ptr = DNSRecordType(rawValue: 12)
    public static let mx = DNSRecordType(rawValue: 15)
    public static let txt = DNSRecordType(rawValue: 16)
    public static let aaaa = DNSRecordType(rawValue: 28)
    public static let srv = DNSRecordType(rawValue: 33)
    public static let opt = DNSRecordType(rawValue: 41)
    public static let https = DNSRecordType(rawValue: 65)
    public static let ixfr = DNSRecordType(rawValue: 251)
    public static let axfr = DNSRecordType(rawValue: 252)
    public static let any = DNSRecordType(rawValue: 255)

    /// Mnemonics we accept by name; anything else can be written `TYPEnnn`.
    static let mnemonics: [(String, UInt16)] = [
        ("A", 1), ("NS", 2), ("CNAME", 5), ("SOA", 6), ("PTR", 12), ("HINFO", 13), ("MX", 15), ("TXT", 16),
        ("AAAA", 28), ("SRV", 33), ("NAPTR", 35), ("DNAME", 39), ("OPT", 41), ("DS", 43), ("SSHFP", 44),
        ("RRSIG", 46), ("NSEC", 47), ("DNSKEY", 48), ("NSEC3", 50), ("TLSA", 52), ("SVCB", 64), ("HTTPS", 65),
        ("IXFR", 251), ("AXFR", 252), ("ANY", 255), ("CAA", 257),
    ]

    /// Parses `AAAA`, `https` (case-insensitive) or `TYPE65`; nil for anything else.
    public init?(mnemonic text: String) {
        let upper = text.uppercased()
        if let match = Self.mnemonics.first(where: { $0.0 == upper }) {
            self.init(rawValue: match.1)
            return
        }
        guard upper.hasPrefix("TYPE"), let number = UInt16(upper.dropFirst(4)), upper.count <= 9 else {
            return nil
        }
        self.init(rawValue: number)
    }

    /// The mnemonic when there is one, else `TYPEnnn`.
    public var description: String {
        Self.mnemonics.first { $0.1 == rawValue }?.0 ?? "TYPE\(rawValue)"
    }
}
