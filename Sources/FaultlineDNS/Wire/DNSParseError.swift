/// A message that could not be parsed, carrying enough to choose between silence and FORMERR.
public enum DNSParseError: Error, Equatable, Sendable {
    /// Fewer than 12 bytes: there is no ID to echo, so the only sane response is none.
    case tooShort(length: Int)
    /// The header was readable but something after it was not; `question` is the first one if it parsed.
    case malformed(DNSWireProblem, header: DNSHeader, question: DNSQuestion?)

    /// The header when one could be read: its presence is what makes a FORMERR reply possible.
    public var header: DNSHeader? {
        switch self {
        case .tooShort: nil
        case .malformed(_, let header, _): header
        }
    }
}
