/// Builds reply messages with the header, question echo and OPT rules of dns-and-loss.md §2.3–2.6.
struct DNSReplyBuilder: Hashable, Sendable {
    /// Our advertised EDNS payload size.
    var udpSize: UInt16
    /// RA: set only when an upstream makes us a recursive service.
    var recursionAvailable: Bool

    /// The largest reply the client takes: 512 without EDNS, its size capped by ours with it, 65535 on TCP.
    func limit(for context: DNSReplyContext, transport: DNSTransport) -> Int {
        guard transport == .udp else { return 65535 }
        guard let edns = context.edns else { return DNSEDNS.minimumPayloadSize }
        return max(DNSEDNS.minimumPayloadSize, min(Int(edns.udpPayloadSize), Int(udpSize)))
    }

    /// A reply echoing ID, OPCODE, RD, CD and the question; OPT appended exactly when the query had one.
    func message(
        _ context: DNSReplyContext, rcode: DNSRCode, authoritative: Bool, answers: [DNSResourceRecord] = [],
        authorities: [DNSResourceRecord] = [], options: [DNSOption] = []
    ) -> DNSMessage {
        var flags = DNSFlags()
        flags.isResponse = true
        flags.opcode = context.flags.opcode
        flags.authoritative = authoritative
        flags.recursionDesired = context.flags.recursionDesired
        flags.recursionAvailable = recursionAvailable
        flags.checkingDisabled = context.flags.checkingDisabled
        flags.rcode = rcode.headerBits
        let additionals = context.edns == nil ? [] : [opt(rcode: rcode, options: options).record]
        return DNSMessage(
            id: context.id, flags: flags, questions: context.question.map { [$0] } ?? [], answers: answers,
            authorities: authorities, additionals: additionals)
    }

    /// Our OPT: our payload size, version 0, DO clear.
    func opt(rcode: DNSRCode, options: [DNSOption] = []) -> DNSEDNS {
        DNSEDNS(udpPayloadSize: udpSize, extendedRCode: rcode.extendedBits, options: options)
    }

    /// The SOA for a negative answer at `owner`, its TTL and MINIMUM both the negative TTL.
    func soa(owner: DNSName, negativeTTL: UInt32) -> DNSResourceRecord {
        DNSResourceRecord(name: owner, type: .soa, ttl: negativeTTL, data: .soa(.synthetic(negativeTTL: negativeTTL)))
    }

    /// Serialises `message` and fits it to the client: a forced truncation (UDP only), or TC when it is too big.
    func finish(
        _ message: DNSMessage, context: DNSReplyContext, transport: DNSTransport, truncation: DNSTruncation? = nil
    ) -> [UInt8] {
        let bytes = message.serialized()
        let limit = limit(for: context, transport: transport)
        let optBytes = message.edns?.wireRecord ?? []
        let cut: [UInt8]?
        switch transport == .udp ? truncation : nil {
        case .empty: cut = DNSReplyFitting.cut(bytes, within: limit, appending: optBytes, keepRecords: false)
        case .partial(let size):
            cut = DNSReplyFitting.cut(bytes, within: min(size, limit), appending: optBytes, keepRecords: true)
        case nil:
            guard bytes.count > limit else { return bytes }
            cut = DNSReplyFitting.cut(bytes, within: limit, appending: optBytes, keepRecords: false)
        }
        // Our own messages always walk; should one not, a bare TC header is still a valid reply.
        return cut ?? DNSReplyFitting.bareHeader(bytes)
    }
}
