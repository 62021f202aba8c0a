/// Answering one question from the table: CNAME chasing, NODATA, and where the table's knowledge ends.
extension DNSRecordTable {
    /// What the table can say about a question.
    public enum Lookup: Hashable, Sendable {
        /// The table knows the name: `answers` (possibly empty) under `rcode`, and the owner of the SOA to put
        /// in the authority section when the answer is negative.
        case known(answers: [DNSResourceRecord], rcode: DNSRCode, soaOwner: DNSName?)
        /// The name is not in the table: the fallback decides.
        case unknown
    }

    /// Looks `question` up, following CNAMEs inside the table (at most `maxChain`, never twice through a name).
    ///
    /// Owner names are written as the query spelt them so answers echo the client's case. A chain that
    /// leaves the table ends there: NXDOMAIN (RFC 6604) when `fallback` says unknown names do not exist,
    /// otherwise NOERROR with the CNAMEs found so far.
    public func lookup(_ question: DNSQuestion, fallback: DNSFallback) -> Lookup {
        var answers: [DNSResourceRecord] = []
        var current = question.name
        var followed: Set<DNSName> = []
        let followsCNAME = question.type != .cname && question.type != .any
        while true {
            switch node(for: current) {
            case .absent:
                if answers.isEmpty { return .unknown }
                if fallback == .nxdomain {
                    return .known(answers: answers, rcode: .nxDomain, soaOwner: current.parent)
                }
                return .known(answers: answers, rcode: .noError, soaOwner: nil)
            case .emptyNonTerminal:
                return .known(answers: answers, rcode: .noError, soaOwner: current.parent)
            case .records(let entries, let wildcardZone):
                if followsCNAME, let alias = entries.first(where: { $0.type == .cname }),
                    case .cname(let target) = alias.data
                {
                    answers.append(record(alias, owner: current))
                    followed.insert(current.lowercased)
                    guard followed.count < Self.maxChain, !followed.contains(target.lowercased) else {
                        return .known(answers: answers, rcode: .noError, soaOwner: nil)
                    }
                    current = target
                    continue
                }
                let matching = question.type == .any ? entries : entries.filter { $0.type == question.type }
                if matching.isEmpty {
                    return .known(answers: answers, rcode: .noError, soaOwner: wildcardZone ?? current.parent)
                }
                answers += matching.map { record($0, owner: current) }
                return .known(answers: answers, rcode: .noError, soaOwner: nil)
            }
        }
    }

    private func record(_ entry: Entry, owner: DNSName) -> DNSResourceRecord {
        DNSResourceRecord(name: owner, type: entry.type, ttl: entry.ttl, data: entry.data)
    }
}
