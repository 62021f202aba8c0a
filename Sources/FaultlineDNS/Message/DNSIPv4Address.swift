/// An IPv4 address as A-record RDATA, parsed from strict dotted-quad text.
public struct DNSIPv4Address: Hashable, Sendable, CustomStringConvertible {
    public var value: UInt32

    public init(value: UInt32) { self.value = value }

    /// Four decimal octets 0–255 without leading zeros (which some parsers read as octal).
    public init?(_ text: String) {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = Self.octet(Array(part)) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        self.value = value
    }

    public var bytes: [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    public var description: String {
        bytes.map { String($0) }.joined(separator: ".")
    }

    static func octet(_ digits: [UInt8]) -> UInt8? {
        guard (1...3).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        guard digits.count == 1 || digits[0] != UInt8(ascii: "0") else { return nil }
        let number = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return number <= 255 ? UInt8(number) : nil
    }
}
