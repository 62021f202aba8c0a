/// The static records compiled for lookup: exact names, wildcard zones and the empty non-terminals between.
import FaultlineCore

/// Compiled static records, looked up case-insensitively; built by `init(records:)`.
public struct DNSRecordTable: Hashable, Sendable {
    /// Most CNAMEs followed inside the table for one answer (dns-and-loss.md §2.3).
    public static let maxChain = 8
    /// Most records in one table: keeps every section count far below 65535 and lookups cheap.
    public static let maxRecords = 10_000

    /// One record's data, ready to become an RR under whatever owner name the query used.
    struct Entry: Hashable, Sendable {
        var type: DNSRecordType
        var ttl: UInt32
        var data: DNSRData
    }

    /// What the table holds at one name.
    enum Node: Equatable {
        /// Records at the name, from an exact entry or from the wildcard of `wildcardZone`.
        case records([Entry], wildcardZone: DNSName?)
        /// No records, but names exist below it: answering NXDOMAIN here would deny those (RFC 8020).
        case emptyNonTerminal
        case absent
    }

    /// Keys are lower-cased names.
    var exact: [DNSName: [Entry]] = [:]
    /// Keys are the lower-cased zones under the `*` label.
    var wildcards: [DNSName: [Entry]] = [:]
    var interior: Set<DNSName> = []

    /// An empty table: every name is unknown.
    public init() {}

    /// True when no record is configured (a pure forwarder).
    public var isEmpty: Bool { exact.isEmpty && wildcards.isEmpty }

    /// The node for `name`: an exact entry wins, then the closest wildcard strictly above, then interior names.
    func node(for name: DNSName) -> Node {
        let key = name.lowercased
        if let entries = exact[key] { return .records(entries, wildcardZone: nil) }
        if !key.isRoot {
            for count in stride(from: key.labels.count - 1, through: 0, by: -1) {
                let zone = key.suffix(count)
                if let entries = wildcards[zone] { return .records(entries, wildcardZone: zone) }
            }
        }
        return interior.contains(key) ? .emptyNonTerminal : .absent
    }
}
