/// A DNS config entry compiled as the server compiles it (`DNSProxyConfig.prepare`), then asked for its records.
import FaultlineCore
import FaultlineDNS
import FuzzSupport

enum DNSCompile {
    static func check(_ spec: ProxySpec) {
        let hasUpstream = !spec.upstream.isEmpty
        guard let dns = try? DNSSpec(json: spec.dns) else { return }
        var toxics: [DNSToxicSpec] = []
        for toxic in spec.toxics {
            guard let dnsToxic = try? DNSToxicSpec(toxic), (try? DNSFault(dnsToxic)) != nil else { return }
            checkNormalised(dnsToxic.kind)
            toxics.append(dnsToxic)
        }
        guard let responder = try? DNSResponder(spec: dns, hasUpstream: hasUpstream, toxics: toxics) else { return }
        checkNormalised(dns, hasUpstream: hasUpstream)
        var rng = SplitMix64(seed: 0xD45)
        for record in dns.records.prefix(16) {
            guard let query = query(for: record) else { continue }
            for transport in [DNSTransport.udp, .tcp] {
                guard case .answer(let reply, _) = responder.decide(query, transport: transport, now: .zero, rng: &rng)
                else { continue }
                checkAnswer(reply, transport: transport, faulted: !toxics.isEmpty)
            }
        }
    }

    /// The block the API shows (defaults filled in) decodes to a spec that shows identically.
    static func checkNormalised(_ dns: DNSSpec, hasUpstream: Bool) {
        let shown = dns.json(hasUpstream: hasUpstream)
        guard let again = try? DNSSpec(json: shown) else {
            require(false, "the shown dns block does not decode")
            return
        }
        require(again.json(hasUpstream: hasUpstream) == shown, "the dns block changes when shown twice")
        require((try? again.validate(hasUpstream: hasUpstream)) != nil, "the shown dns block fails validation")
    }

    /// A toxic's attributes as the API shows them decode to the same toxic.
    static func checkNormalised(_ kind: DNSFaultKind) {
        let again = try? DNSFaultKind(typeName: kind.typeName, attributes: kind.attributesJSON)
        require(again == kind, "DNS toxic \(kind.typeName) changes when its attributes are shown and read back")
    }

    static let id: UInt16 = 0x1234

    /// A recursive query for the record's own name and type (a wildcard's `*` replaced by a label).
    static func query(for record: DNSStaticRecord) -> [UInt8]? {
        let types: [String: DNSRecordType] = ["A": .a, "AAAA": DNSRecordType(rawValue: 28), "CNAME": .cname]
        guard let type = types[record.type.uppercased()] else { return nil }
        let text = record.name.hasPrefix("*") ? "x" + record.name.dropFirst() : record.name
        guard let name = try? DNSName(parsing: text) else { return nil }
        var flags = DNSFlags()
        flags.recursionDesired = true
        return DNSMessage(id: id, flags: flags, questions: [DNSQuestion(name: name, type: type)]).serialized()
    }

    /// The answer parses and keeps the ID; without toxics, a record's own name and type is answered.
    static func checkAnswer(_ reply: [UInt8], transport: DNSTransport, faulted: Bool) {
        guard let parsed = try? DNSMessage(parsing: reply) else {
            require(false, "the answer to a record's own query does not parse")
            return
        }
        require(parsed.id == id && parsed.flags.isResponse, "the answer has another ID or is not a response")
        require(transport == .tcp || reply.count <= DNSEDNS.minimumPayloadSize, "a UDP answer over 512 bytes")
        if !faulted && !parsed.flags.truncated {
            require(parsed.flags.rcode == 0 && !parsed.answers.isEmpty, "a configured record was not answered")
        }
    }
}
