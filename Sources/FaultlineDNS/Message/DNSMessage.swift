/// A whole DNS message as values: parsed defensively from bytes, serialised with name compression.
public struct DNSMessage: Hashable, Sendable {
    public var id: UInt16
    public var flags: DNSFlags
    public var questions: [DNSQuestion]
    public var answers: [DNSResourceRecord]
    public var authorities: [DNSResourceRecord]
    public var additionals: [DNSResourceRecord]

    public init(
        id: UInt16, flags: DNSFlags, questions: [DNSQuestion] = [], answers: [DNSResourceRecord] = [],
        authorities: [DNSResourceRecord] = [], additionals: [DNSResourceRecord] = []
    ) {
        self.id = id
        self.flags = flags
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    /// Parses every section; any structural fault, a lying count or trailing bytes is an error.
    ///
    /// Work is bounded by the input: each record consumes at least 11 bytes, each name at most 255
    /// expanded bytes and 127 jumps, so hostile counts only lead to `.truncated`.
    public init(parsing bytes: [UInt8]) throws(DNSParseError) {
        guard let header = DNSHeader(bytes: bytes) else { throw .tooShort(length: bytes.count) }
        var reader = DNSWireReader(bytes, offset: DNSWireReader.headerLength)
        var questions: [DNSQuestion] = []
        do throws(DNSWireProblem) {
            for _ in 0..<header.questionCount {
                questions.append(DNSQuestion(name: try reader.name(), type: .init(rawValue: try reader.u16()),
                                             qclass: try reader.u16()))
            }
            let answers = try Self.records(header.answerCount, from: &reader)
            let authorities = try Self.records(header.authorityCount, from: &reader)
            let additionals = try Self.records(header.additionalCount, from: &reader)
            guard reader.remaining == 0 else { throw .trailingBytes(count: reader.remaining) }
            self.init(
                id: header.id, flags: header.flags, questions: questions, answers: answers,
                authorities: authorities, additionals: additionals)
        } catch {
            throw .malformed(error, header: header, question: questions.first)
        }
    }

    private static func records(
        _ count: UInt16, from reader: inout DNSWireReader
    ) throws(DNSWireProblem) -> [DNSResourceRecord] {
        var records: [DNSResourceRecord] = []
        for _ in 0..<count {
            let name = try reader.name()
            let type = DNSRecordType(rawValue: try reader.u16())
            let rrClass = try reader.u16()
            let ttl = try reader.u32()
            let length = Int(try reader.u16())
            let data = try DNSRData.read(type: type, rrClass: rrClass, length: length, from: &reader)
            records.append(DNSResourceRecord(name: name, type: type, rrClass: rrClass, ttl: ttl, data: data))
        }
        return records
    }

    /// The wire form, counts taken from the sections (any count beyond 65535 is a caller bug and wraps).
    public func serialized() -> [UInt8] {
        var writer = DNSWireWriter()
        writer.u16(id)
        writer.u16(flags.rawValue)
        for count in [questions.count, answers.count, authorities.count, additionals.count] {
            writer.u16(UInt16(truncatingIfNeeded: count))
        }
        for question in questions {
            writer.name(question.name, compress: true)
            writer.u16(question.type.rawValue)
            writer.u16(question.qclass)
        }
        for record in answers + authorities + additionals {
            writer.name(record.name, compress: true)
            writer.u16(record.type.rawValue)
            writer.u16(record.rrClass)
            writer.u32(record.ttl)
            let lengthAt = writer.bytes.count
            writer.u16(0)
            record.data.write(to: &writer)
            writer.patchU16(at: lengthAt, UInt16(truncatingIfNeeded: writer.bytes.count - lengthAt - 2))
        }
        return writer.bytes
    }

    /// The first OPT record of the additional section, read as EDNS fields.
    public var edns: DNSEDNS? {
        additionals.lazy.compactMap(DNSEDNS.init(record:)).first
    }
}
