/// A query that passed every wire check and can be answered, faulted or forwarded.
public struct DNSQuery: Hashable, Sendable {
    public var id: UInt16
    /// The query's flags: OPCODE, RD and CD are echoed from here.
    public var flags: DNSFlags
    /// The question as sent, case and all.
    public var question: DNSQuestion
    /// The client's EDNS fields when it sent OPT; its presence obliges us to send OPT back.
    public var edns: DNSEDNS?

    public init(id: UInt16, flags: DNSFlags, question: DNSQuestion, edns: DNSEDNS? = nil) {
        self.id = id
        self.flags = flags
        self.question = question
        self.edns = edns
    }

    /// What a reply to this query echoes.
    var context: DNSReplyContext {
        DNSReplyContext(id: id, flags: flags, question: question, edns: edns)
    }
}

/// What a reply echoes from whatever part of the query could be read (a FORMERR may lack the question).
struct DNSReplyContext: Hashable, Sendable {
    var id: UInt16
    var flags: DNSFlags
    var question: DNSQuestion?
    var edns: DNSEDNS?
}
