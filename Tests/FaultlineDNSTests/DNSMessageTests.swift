/// Codec tests: real-world fixtures round-trip byte for byte, and names keep their case.
import Testing
@testable import FaultlineDNS

@Suite struct DNSMessageTests {
    @Test func digQueryParsesWithCookieAndRoundTrips() throws {
        let message = try DNSMessage(parsing: WireFixtures.digQuery)
        #expect(message.id == 0x4A1F)
        #expect(message.flags.recursionDesired && message.flags.authenticData && !message.flags.isResponse)
        #expect(message.questions == [DNSQuestion(name: try DNSName(parsing: "example.com"), type: .a)])
        let edns = try #require(message.edns)
        #expect(edns.udpPayloadSize == 1232 && edns.version == 0 && !edns.dnssecOK)
        #expect(edns.options == [DNSOption(code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8])])
        #expect(message.serialized() == WireFixtures.digQuery)
    }

    @Test func glibcQueryKeepsCaseAndRoundTrips() throws {
        let message = try DNSMessage(parsing: WireFixtures.glibcQuery)
        #expect(message.questions.first?.name.description == "Db.Test.")
        #expect(message.questions.first?.type == .aaaa)
        #expect(message.edns == nil)
        #expect(message.serialized() == WireFixtures.glibcQuery)
    }

    @Test func compressedAnswerDecompressesAndRecompressesIdentically() throws {
        let message = try DNSMessage(parsing: WireFixtures.upstreamAnswer)
        #expect(message.answers.count == 2)
        #expect(message.answers.allSatisfy { $0.name.description == "example.com." && $0.ttl == 300 })
        #expect(message.answers.first?.data == .a(DNSIPv4Address(value: 0x5DB8_D822)))
        #expect(message.serialized() == WireFixtures.upstreamAnswer)
    }

    @Test func soaNamesDecompress() throws {
        let message = try DNSMessage(parsing: WireFixtures.nxdomainAnswer)
        #expect(message.flags.rcode == 3)
        let soa = try #require(message.authorities.first)
        guard case .soa(let data) = soa.data else {
            Issue.record("not an SOA: \(soa.data)")
            return
        }
        #expect(soa.name.description == "example.com.")
        #expect(data.mname.description == "ns.example.com." && data.rname.description == "hostmaster.example.com.")
        #expect(data.minimum == 60 && data.expire == 86400)
        #expect(try DNSMessage(parsing: message.serialized()) == message)
        #expect(message.serialized() == WireFixtures.nxdomainAnswer)
    }

    @Test func builtMessageRoundTripsEveryRDataKind() throws {
        let name = try DNSName(parsing: "Mixed.Example.test")
        let records: [DNSResourceRecord] = [
            .init(name: name, type: .a, ttl: 5, data: .a(try #require(DNSIPv4Address("192.0.2.1")))),
            .init(name: name, type: .aaaa, ttl: 5, data: .aaaa(try #require(DNSIPv6Address("2001:db8::53")))),
            .init(name: name, type: .cname, ttl: 5, data: .cname(try DNSName(parsing: "db.example.test"))),
            .init(name: name, type: .ns, ttl: 5, data: .ns(try DNSName(parsing: "ns1.example.test"))),
            .init(name: name, type: .ptr, ttl: 5, data: .ptr(try DNSName(parsing: "host.example.test"))),
            .init(name: name, type: .mx, ttl: 5, data: .mx(preference: 10, exchange: try DNSName(parsing: "mx.test"))),
            .init(name: name, type: .txt, ttl: 5, data: .opaque([3, 0x61, 0x62, 0x63])),
            .init(name: .root, type: .soa, ttl: 0, data: .soa(.synthetic(negativeTTL: 7))),
        ]
        let message = DNSMessage(
            id: 7, flags: DNSFlags(rawValue: 0x8580), questions: [DNSQuestion(name: name, type: .any)],
            answers: records, additionals: [DNSEDNS(udpPayloadSize: 1232, options: [.extendedError(16, text: "x")])
                .record])
        let bytes = message.serialized()
        #expect(try DNSMessage(parsing: bytes) == message)
        // The first answer's owner is a pointer to the question name at offset 12.
        let firstAnswer = 12 + name.wireLength + 4
        #expect(Array(bytes[firstAnswer..<firstAnswer + 2]) == [0xC0, 0x0C])
    }

    @Test func cnameTargetIsWrittenUncompressed() throws {
        let owner = try DNSName(parsing: "alias.test")
        let target = try DNSName(parsing: "db.test")
        let message = DNSMessage(
            id: 1, flags: DNSFlags(), questions: [DNSQuestion(name: owner, type: .a)],
            answers: [.init(name: owner, type: .cname, ttl: 5, data: .cname(target))])
        let bytes = message.serialized()
        #expect(Array(bytes.suffix(target.wireLength)) == WireFixtures.wireName("db.test"))
    }

    @Test func flagsFieldsMapToTheirBits() {
        var flags = DNSFlags()
        flags.isResponse = true
        flags.opcode = 5
        flags.authoritative = true
        flags.truncated = true
        flags.recursionDesired = true
        flags.recursionAvailable = true
        flags.checkingDisabled = true
        flags.rcode = 0x13
        #expect(flags.rawValue == 0b1_0101_1_1_1_1_0_0_1_0011)
        flags.truncated = false
        flags.opcode = 0
        #expect(flags.rawValue == 0b1_0000_1_0_1_1_0_0_1_0011)
    }

    @Test(arguments: [("A", 1), ("aaaa", 28), ("Https", 65), ("TYPE99", 99), ("type65535", 65535)])
    func typeMnemonicsParse(text: String, value: UInt16) {
        #expect(DNSRecordType(mnemonic: text)?.rawValue == value)
    }

    @Test(arguments: ["", "B", "TYPE", "TYPE65536", "TYPEx", "AAAAA"])
    func badTypeMnemonicsAreRejected(text: String) {
        #expect(DNSRecordType(mnemonic: text) == nil)
    }
}
