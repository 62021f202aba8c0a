/// A CIDR block (`10.0.0.0/8`, `::1/128`, a bare address) matched against a peer's address bytes.

/// Used by `--admin-allow` and by a toxic's `clients`. Parsed without the C library (this module is pure); IPv4
/// peers that arrive IPv4-mapped on a dual-stack listener (`::ffff:10.1.2.3`) match IPv4 blocks.
public struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    /// 4 or 16 bytes, with the bits past `prefix` cleared.
    public let network: [UInt8]
    public let prefix: Int

    /// `a.b.c.d[/n]` or an IPv6 address `[/n]`; nil when it is neither or the prefix is out of range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let host = parts.first, let bytes = Self.parseIPv4(host) ?? Self.parseIPv6(host) else { return nil }
        var prefix = bytes.count * 8
        if parts.count == 2 {
            guard let given = Int(parts[1]), given >= 0, given <= bytes.count * 8, !parts[1].hasPrefix("+") else {
                return nil
            }
            prefix = given
        }
        self.prefix = prefix
        network = Self.masked(bytes, prefix)
    }

    /// Whether `address` (4 or 16 bytes) lies in the block.
    public func contains(_ address: [UInt8]) -> Bool {
        var candidate = address
        if candidate.count == 16, network.count == 4, candidate[..<12].elementsEqual(Self.mappedPrefix) {
            candidate = Array(candidate[12...])
        }
        guard candidate.count == network.count else { return false }
        return Self.masked(candidate, prefix) == network
    }

    public var description: String {
        if network.count == 4 { return network.map(String.init).joined(separator: ".") + "/\(prefix)" }
        let groups = stride(from: 0, to: 16, by: 2).map { String(UInt16(network[$0]) << 8 | UInt16(network[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "/\(prefix)"
    }

    static let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]

    private static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = max(0, min(8, prefix - index * 8))
            return keep == 8 ? byte : byte & ~(UInt8(0xFF) >> keep)
        }
    }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for octet in octets {
            // Decimal only, no leading zeros (Go's ParseIP refuses them: they read as octal elsewhere).
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isASCII), octet.allSatisfy(\.isNumber),
                octet == "0" || !octet.hasPrefix("0"), let value = UInt8(octet)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = parseIPv4(piece) {
                    bytes += v4
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}
