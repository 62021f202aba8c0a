/// What can be wrong with bytes that claim to be a DNS message, with the offset where it went wrong.
public enum DNSWireProblem: Error, Equatable, Sendable {
    /// The message ends before the structure it announced (a lying count, a short label, a cut RR).
    case truncated(at: Int)
    /// A length byte with the obsolete `01`/`10` prefix, i.e. a label that would be over 63 bytes.
    case badLabelType(at: Int)
    /// The expanded name would exceed 255 bytes of wire form.
    case nameTooLong(at: Int)
    /// A compression pointer that does not point strictly backwards, or points into the header.
    case badPointer(at: Int)
    /// More compression jumps in one name than any sane encoder writes.
    case tooManyPointers(at: Int)
    /// RDATA whose length or content does not fit its type (an A record of 5 bytes, a cut option).
    case badRecordData(type: UInt16, at: Int)
    /// Bytes left over after every section the header announced.
    case trailingBytes(count: Int)
}
