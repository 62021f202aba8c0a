/// Hand-built wire bytes and helpers shared by the DNS tests.
@testable import FaultlineDNS

enum WireFixtures {
    /// `dig example.com` (BIND 9.18): RD+AD, EDNS 1232, a client cookie.
    static let digQuery: [UInt8] = hex("""
        4a1f 0120 0001 0000 0000 0001
        07 6578616d706c65 03 636f6d 00 0001 0001
        00 0029 04d0 00000000 000c 000a 0008 0102030405060708
        """)

    /// glibc's `getaddrinfo` AAAA query: RD only, no EDNS, mixed case from a 0x20-randomising stub.
    static let glibcQuery: [UInt8] = hex("""
        b00b 0100 0001 0000 0000 0000
        02 4462 04 54657374 00 001c 0001
        """)

    /// An upstream's answer to `digQuery`: two compressed A records and an OPT with a server cookie.
    static let upstreamAnswer: [UInt8] = hex("""
        4a1f 8180 0001 0002 0000 0001
        07 6578616d706c65 03 636f6d 00 0001 0001
        c00c 0001 0001 0000012c 0004 5db8d822
        c00c 0001 0001 0000012c 0004 5db8d823
        00 0029 04d0 00000000 0000
        """)

    /// An NXDOMAIN with an SOA whose names are compressed against the question.
    static let nxdomainAnswer: [UInt8] = hex("""
        1234 8183 0001 0000 0001 0000
        04 6e6f7065 07 6578616d706c65 03 636f6d 00 0001 0001
        c011 0006 0001 00000e10 0026
        02 6e73 c011 0a 686f73746d6173746572 c011
        00000001 00000e10 00000258 00015180 0000003c
        """)

    /// Hex text with any whitespace; a malformed fixture is a test bug, so it stops the test run loudly.
    static func hex(_ text: String) -> [UInt8] {
        let digits = text.utf8.filter { !($0 == 0x20 || $0 == 0x0A || $0 == 0x09) }
        precondition(digits.count % 2 == 0, "odd hex fixture")
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            let pair = String(decoding: digits[index..<index + 2], as: UTF8.self)
            guard let byte = UInt8(pair, radix: 16) else { preconditionFailure("bad hex \(pair)") }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }

    /// Uncompressed wire form of a dotted name.
    static func wireName(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for label in text.split(separator: ".") {
            bytes.append(UInt8(label.utf8.count))
            bytes += Array(label.utf8)
        }
        return bytes + [0]
    }

    /// A 12-byte header.
    static func header(id: UInt16 = 0x1234, flags: UInt16 = 0x0100, qd: UInt16 = 1, an: UInt16 = 0, ns: UInt16 = 0,
                       ar: UInt16 = 0) -> [UInt8] {
        [id, flags, qd, an, ns, ar].flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// A plain query for `name`/`type`, optionally with an OPT advertising `udpSize`.
    static func query(_ name: String, type: UInt16 = 1, id: UInt16 = 0x1234, udpSize: UInt16? = nil,
                      flags: UInt16 = 0x0100) -> [UInt8] {
        var bytes = header(id: id, flags: flags, ar: udpSize == nil ? 0 : 1)
        bytes += wireName(name) + [UInt8(type >> 8), UInt8(type & 0xFF), 0, 1]
        if let udpSize { bytes += opt(udpSize: udpSize) }
        return bytes
    }

    /// An OPT record with no options.
    static func opt(udpSize: UInt16, version: UInt8 = 0) -> [UInt8] {
        [0, 0, 41, UInt8(udpSize >> 8), UInt8(udpSize & 0xFF), 0, version, 0, 0, 0, 0]
    }
}
