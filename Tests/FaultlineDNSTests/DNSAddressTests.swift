/// Address text parsing for A and AAAA record values.
import Testing
@testable import FaultlineDNS

@Suite struct DNSAddressTests {
    @Test(arguments: [("127.0.0.1", 0x7F00_0001), ("0.0.0.0", 0), ("255.255.255.255", 0xFFFF_FFFF)]
          as [(String, UInt32)])
    func ipv4Parses(text: String, value: UInt32) {
        #expect(DNSIPv4Address(text)?.value == value)
        #expect(DNSIPv4Address(text)?.description == text)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "a.b.c.d", " 1.2.3.4", "1.2.3.4 ",
                      "-1.2.3.4", "::1"])
    func ipv4Rejects(text: String) {
        #expect(DNSIPv4Address(text) == nil)
    }

    @Test(arguments: [
        ("::1", [UInt8](repeating: 0, count: 15) + [1]),
        ("::", [UInt8](repeating: 0, count: 16)),
        ("2001:db8::53", [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [0x53]),
        ("::ffff:1.2.3.4", [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF, 1, 2, 3, 4]),
        ("1:2:3:4:5:6:7:8", [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]),
        ("1:2:3:4:5:6:7::", [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0]),
        ("FE80::ABCD", [0xFE, 0x80] + [UInt8](repeating: 0, count: 12) + [0xAB, 0xCD]),
    ])
    func ipv6Parses(text: String, bytes: [UInt8]) {
        #expect(DNSIPv6Address(text)?.bytes == bytes)
    }

    @Test(arguments: ["", ":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "fe80::1%lo",
                      "1.2.3.4::", "::1.2.3", "1:2:3:4:5:6:7:8::", ":1::", "1::2:"])
    func ipv6Rejects(text: String) {
        #expect(DNSIPv6Address(text) == nil)
    }
}
