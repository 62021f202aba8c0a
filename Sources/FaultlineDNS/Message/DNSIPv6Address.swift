/// An IPv6 address as AAAA-record RDATA, parsed from RFC 4291 text (`::1`, `2001:db8::53`, `::ffff:1.2.3.4`).
public struct DNSIPv6Address: Hashable, Sendable {
    /// The 16 address bytes in network order.
    public let bytes: [UInt8]

    /// Nil unless exactly 16 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses hex groups with at most one `::` and an optional trailing dotted quad; no zone IDs.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count <= 45 else { return nil }
        let halves = Self.splitOnDoubleColon(utf8)
        guard halves.count <= 2 else { return nil }
        guard let head = Self.groups(halves[0], allowsTrailingIPv4: halves.count == 1) else { return nil }
        var result: [UInt8]
        if halves.count == 2 {
            guard let tail = Self.groups(halves[1], allowsTrailingIPv4: true) else { return nil }
            guard head.count + tail.count <= 14 else { return nil }
            result = head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
        } else {
            guard head.count == 16 else { return nil }
            result = head
        }
        self.bytes = result
    }

    private static func splitOnDoubleColon(_ utf8: [UInt8]) -> [[UInt8]] {
        var halves: [[UInt8]] = [[]]
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: ":"), index + 1 < utf8.count, utf8[index + 1] == UInt8(ascii: ":") {
                halves.append([])
                index += 2
            } else {
                halves[halves.count - 1].append(utf8[index])
                index += 1
            }
        }
        return halves
    }

    /// The bytes of colon-separated hex groups; an empty input is zero groups.
    private static func groups(_ text: [UInt8], allowsTrailingIPv4: Bool) -> [UInt8]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, allowsTrailingIPv4, part.contains(UInt8(ascii: ".")) {
                guard let v4 = DNSIPv4Address(String(decoding: part, as: UTF8.self)) else { return nil }
                bytes += v4.bytes
                continue
            }
            guard (1...4).contains(part.count) else { return nil }
            var group: UInt16 = 0
            for char in part {
                guard let digit = hexValue(char) else { return nil }
                group = group << 4 | UInt16(digit)
            }
            bytes += [UInt8(truncatingIfNeeded: group >> 8), UInt8(truncatingIfNeeded: group)]
        }
        return bytes.count <= 16 ? bytes : nil
    }

    private static func hexValue(_ char: UInt8) -> UInt8? {
        switch char {
        case 0x30...0x39: char - 0x30
        case 0x61...0x66: char - 0x61 + 10
        case 0x41...0x46: char - 0x41 + 10
        default: nil
        }
    }
}
