/// Sorting received bytes (dns-and-loss.md §2.2): ignore, refuse with an error RCODE, or accept as a query.
enum DNSIntake: Hashable, Sendable {
    /// No reply at all: too short to carry an ID, or a response (answering those starts reflection loops).
    case ignore
    /// A reply with this RCODE and nothing else; faults never apply.
    case refuse(DNSReplyContext, DNSRCode)
    case accept(DNSQuery)

    init(_ bytes: [UInt8], transport: DNSTransport) {
        guard let header = DNSHeader(bytes: bytes), !header.flags.isResponse else {
            self = .ignore
            return
        }
        var context = DNSReplyContext(id: header.id, flags: header.flags, question: nil, edns: nil)
        let message: DNSMessage
        do throws(DNSParseError) {
            message = try DNSMessage(parsing: bytes)
        } catch {
            if case .malformed(_, _, let question) = error, header.questionCount == 1 { context.question = question }
            self = .refuse(context, header.flags.opcode == 0 ? .formErr : .notImp)
            return
        }
        if message.questions.count == 1 { context.question = message.questions[0] }
        guard header.flags.opcode == 0 else {
            self = .refuse(context, .notImp)
            return
        }
        guard let question = context.question else {
            self = .refuse(context, .formErr)
            return
        }
        let opts = message.additionals.filter { $0.type == .opt }
        guard opts.count <= 1, opts.allSatisfy({ $0.name.isRoot }) else {
            self = .refuse(context, .formErr)
            return
        }
        context.edns = opts.first.flatMap(DNSEDNS.init(record:))
        if let edns = context.edns, edns.version > 0 {
            self = .refuse(context, .badVers)
        } else if question.qclass != DNSClass.internet {
            self = .refuse(context, .refused)
        } else if question.type == .axfr || question.type == .ixfr {
            self = .refuse(context, transport == .udp ? .formErr : .refused)
        } else {
            self = .accept(DNSQuery(id: header.id, flags: header.flags, question: question, edns: context.edns))
        }
    }
}
