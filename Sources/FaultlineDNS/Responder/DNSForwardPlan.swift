/// Everything needed to turn an upstream's answer (or its silence) into the reply the client gets.
public struct DNSForwardPlan: Hashable, Sendable {
    /// The client's query: its ID comes back on the reply, its question must match the upstream's.
    public let query: DNSQuery
    /// The client's transport, which sets the size limit.
    public let transport: DNSTransport
    /// A `truncate` toxic's cut to apply to the relayed answer (UDP only).
    public let truncation: DNSTruncation?
    let builder: DNSReplyBuilder

    init(query: DNSQuery, transport: DNSTransport, truncation: DNSTruncation?, builder: DNSReplyBuilder) {
        self.query = query
        self.transport = transport
        self.truncation = truncation
        self.builder = builder
    }

    /// The largest reply the client can take on its transport.
    public var replyLimit: Int { builder.limit(for: query.context, transport: transport) }

    /// The client's bytes with the ID replaced by `id`, unique among queries in flight to the upstream (RFC 5452).
    public static func upstreamQuery(_ clientBytes: [UInt8], id: UInt16) -> [UInt8] {
        DNSForwardPlan.replacingID(clientBytes, with: id)
    }

    /// The upstream's answer made fit for the client, or nil when it is not an answer to this query (then drop it).
    ///
    /// Accepted only with QR=1 and a question equal to ours (name ignoring case, type, class); the caller
    /// has already matched the upstream address and pending ID. The bytes stay opaque apart from the ID,
    /// unless the client's size limit or a `truncate` toxic forces a TC reply.
    public func reply(toUpstream bytes: [UInt8]) -> [UInt8]? {
        guard let header = DNSHeader(bytes: bytes), header.flags.isResponse, header.questionCount == 1 else {
            return nil
        }
        var reader = DNSWireReader(bytes, offset: DNSWireReader.headerLength)
        do throws(DNSWireProblem) {
            let question = DNSQuestion(
                name: try reader.name(), type: DNSRecordType(rawValue: try reader.u16()), qclass: try reader.u16())
            guard question.matches(query.question) else { return nil }
        } catch {
            return nil
        }
        let reply = Self.replacingID(bytes, with: query.id)
        let limit = replyLimit
        let opt = query.edns == nil ? [] : builder.opt(rcode: .noError).wireRecord
        let cut: [UInt8]?
        switch transport == .udp ? truncation : nil {
        case .empty: cut = DNSReplyFitting.cut(reply, within: limit, appending: opt, keepRecords: false)
        case .partial(let size):
            cut = DNSReplyFitting.cut(reply, within: min(size, limit), appending: opt, keepRecords: true)
        case nil:
            guard reply.count > limit else { return reply }
            cut = DNSReplyFitting.cut(reply, within: limit, appending: opt, keepRecords: false)
        }
        return cut ?? DNSReplyFitting.bareHeader(reply)
    }

    /// SERVFAIL for an upstream that did not answer in time (never NXDOMAIN: the name may well exist).
    public func failureReply() -> [UInt8] {
        let context = query.context
        let options = query.edns == nil ? [] : [DNSOption.extendedError(22, text: "upstream did not answer")]
        let message = builder.message(context, rcode: .servFail, authoritative: false, options: options)
        return builder.finish(message, context: context, transport: transport)
    }

    static func replacingID(_ bytes: [UInt8], with id: UInt16) -> [UInt8] {
        guard bytes.count >= 2 else { return bytes }
        var copy = bytes
        copy[0] = UInt8(truncatingIfNeeded: id >> 8)
        copy[1] = UInt8(truncatingIfNeeded: id)
        return copy
    }
}
