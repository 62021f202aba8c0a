/// The 12-byte message header as read from the wire, counts included as the sender claimed them.
public struct DNSHeader: Hashable, Sendable {
    public var id: UInt16
    public var flags: DNSFlags
    public var questionCount: UInt16
    public var answerCount: UInt16
    public var authorityCount: UInt16
    public var additionalCount: UInt16

    public init(
        id: UInt16, flags: DNSFlags, questionCount: UInt16 = 0, answerCount: UInt16 = 0,
        authorityCount: UInt16 = 0, additionalCount: UInt16 = 0
    ) {
        self.id = id
        self.flags = flags
        self.questionCount = questionCount
        self.answerCount = answerCount
        self.authorityCount = authorityCount
        self.additionalCount = additionalCount
    }

    /// Reads the header from the first 12 bytes; nil when there are fewer.
    public init?(bytes: [UInt8]) {
        var reader = DNSWireReader(bytes)
        guard bytes.count >= DNSWireReader.headerLength else { return nil }
        do throws(DNSWireProblem) {
            self.init(
                id: try reader.u16(), flags: DNSFlags(rawValue: try reader.u16()), questionCount: try reader.u16(),
                answerCount: try reader.u16(), authorityCount: try reader.u16(), additionalCount: try reader.u16())
        } catch {
            return nil
        }
    }
}
