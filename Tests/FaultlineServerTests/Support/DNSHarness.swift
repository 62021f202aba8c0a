/// DNS helpers for the listener tests: DNS proxy specs, queries built and replies read with the Swift codec.
import FaultlineAdmin
import FaultlineCore
import FaultlineDNS
import FaultlineServer

enum DNSWire {
    /// A query for `name`/`type` with RD set, optionally with EDNS advertising `udpSize`.
    static func query(_ name: String, _ type: DNSRecordType = .a, id: UInt16 = 0x1234, udpSize: UInt16? = nil)
        throws -> [UInt8]
    {
        var flags = DNSFlags()
        flags.recursionDesired = true
        let additionals = udpSize.map { [DNSEDNS(udpPayloadSize: $0).record] } ?? []
        let question = DNSQuestion(name: try DNSName(parsing: name), type: type)
        return DNSMessage(id: id, flags: flags, questions: [question], additionals: additionals).serialized()
    }

    /// Parses a reply; throws when the listener sent something the codec refuses.
    static func parse(_ bytes: [UInt8]?) throws -> DNSMessage {
        guard let bytes else { throw FaultlineError.internalError("no reply") }
        return try DNSMessage(parsing: bytes)
    }

    /// The IPv4 and IPv6 addresses of the answer section, as text.
    static func addresses(_ message: DNSMessage) -> [String] {
        message.answers.compactMap { record in
            switch record.data {
            case .a(let address): address.description
            case .aaaa(let address): ipv6Text(address.bytes)
            default: nil
            }
        }
    }

    /// RFC 5952 text for 16 bytes: lower-case groups, the longest run of two or more zero groups as `::`.
    static func ipv6Text(_ bytes: [UInt8]) -> String {
        let groups = (0..<8).map { Int(bytes[2 * $0]) << 8 | Int(bytes[2 * $0 + 1]) }
        var best = (start: -1, length: 1)
        var index = 0
        while index < 8 {
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = max(end, index + 1)
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }

    /// A frame for DNS over TCP: the 2-byte length, then the message.
    static func framed(_ message: [UInt8]) -> [UInt8] {
        [UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message
    }

    /// Reads one length-prefixed message from a TCP connection.
    static func readFrame(_ socket: BlockingSocket, timeout: Double = 5) throws -> [UInt8] {
        let prefix = try socket.receive(exactly: 2, timeout: timeout)
        return try socket.receive(exactly: Int(prefix[0]) << 8 | Int(prefix[1]), timeout: timeout)
    }

    /// The RCODE of the header (without extended bits).
    static func rcode(_ message: DNSMessage) -> DNSRCode { DNSRCode(rawValue: UInt16(message.flags.rcode)) }
}

extension ProxyHarness {
    /// The design's example records: A and AAAA for db.test, a wildcard, a CNAME, and 100 A records on big.test.
    static let exampleBlock = #"""
        {"records":[{"name":"db.test","type":"A","value":"127.0.0.1"},{"name":"db.test","type":"AAAA","value":"::1"},
                    {"name":"*.svc.test","type":"A","value":"127.0.0.2"},{"name":"alias.test","type":"CNAME","value":"db.test"}]}
        """#

    /// A DNS proxy on 127.0.0.1:0 with the given `dns` block (JSON text) and upstream.
    static func dnsSpec(_ name: String = "d", upstream: String = "", block: String = exampleBlock,
                        toxics: [ToxicSpec] = []) throws -> ProxySpec {
        ProxySpec(name: name, listen: "127.0.0.1:0", upstream: upstream, toxics: toxics, kind: .dns,
                  dns: try JSONParser.parseFirstValue(Array(block.utf8)))
    }

    /// A DNS toxic as the API would store it before normalisation.
    static func dnsToxic(_ type: String, _ attributes: String = "{}", name: String? = nil, toxicity: Float = 1)
        throws(FaultlineError) -> ToxicSpec
    {
        ToxicSpec(name: name, kind: .dns(type: type, attributes: try JSONValue.parseBody(Array(attributes.utf8))),
                  toxicity: toxicity)
    }

    /// The proxy's JSON object as the admin API writes it.
    func wireJSON(_ name: String) throws -> String {
        let bytes = try server.control { control throws(FaultlineError) in try control.proxy(named: name).wireJSON }
        return String(decoding: bytes, as: UTF8.self)
    }

    func dnsStats(_ name: String = "d") -> DNSListenerStats? {
        server.perform { $0.dnsStats(proxy: name) }
    }
}
