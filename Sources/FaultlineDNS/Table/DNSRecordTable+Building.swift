/// Compiling `DNSStaticRecord`s into a table, refusing bad ones with the field that is wrong.
import FaultlineCore

extension DNSRecordTable {
    /// Validates and compiles `records`; errors name `dns.records[i].<field>` (0-based, as in the JSON array).
    public init(records: [DNSStaticRecord]) throws(FaultlineError) {
        self.init()
        guard records.count <= Self.maxRecords else {
            throw .invalidValue(field: "dns.records", reason: "at most \(Self.maxRecords) records")
        }
        var hasCNAME: Set<DNSName> = []
        var hasOther: Set<DNSName> = []
        for (index, record) in records.enumerated() {
            let field = "dns.records[\(index)]"
            let owner: DNSName
            do throws(DNSName.SyntaxError) {
                owner = try DNSName(parsing: record.name, allowWildcard: true).lowercased
            } catch {
                throw .invalidValue(field: "\(field).name", reason: error.reason)
            }
            let entry = try Self.entry(for: record, field: field)
            if entry.type == .cname {
                guard !hasCNAME.contains(owner), !hasOther.contains(owner) else {
                    throw .invalidValue(
                        field: "\(field).type", reason: "a CNAME cannot share \(owner) with other records")
                }
                hasCNAME.insert(owner)
            } else {
                guard !hasCNAME.contains(owner) else {
                    throw .invalidValue(field: "\(field).type", reason: "\(owner) already has a CNAME")
                }
                hasOther.insert(owner)
            }
            insert(entry, at: owner)
        }
    }

    private static func entry(for record: DNSStaticRecord, field: String) throws(FaultlineError) -> Entry {
        guard (0...Int64(Int32.max)).contains(record.ttl) else {
            throw .invalidValue(field: "\(field).ttl", reason: "must be between 0 and 2147483647 seconds")
        }
        let ttl = UInt32(record.ttl)
        switch record.type.uppercased() {
        case "A":
            guard let address = DNSIPv4Address(record.value) else {
                throw .invalidValue(field: "\(field).value", reason: "not an IPv4 address: \(record.value)")
            }
            return Entry(type: .a, ttl: ttl, data: .a(address))
        case "AAAA":
            guard let address = DNSIPv6Address(record.value) else {
                throw .invalidValue(field: "\(field).value", reason: "not an IPv6 address: \(record.value)")
            }
            return Entry(type: .aaaa, ttl: ttl, data: .aaaa(address))
        case "CNAME":
            do throws(DNSName.SyntaxError) {
                return Entry(type: .cname, ttl: ttl, data: .cname(try DNSName(parsing: record.value)))
            } catch {
                throw .invalidValue(field: "\(field).value", reason: error.reason)
            }
        default:
            throw .invalidValue(field: "\(field).type", reason: "must be A, AAAA or CNAME")
        }
    }

    /// Files the entry under its exact name or wildcard zone and marks every name above as existing.
    private mutating func insert(_ entry: Entry, at owner: DNSName) {
        var above: DNSName
        if owner.isWildcard {
            let zone = owner.parent
            wildcards[zone, default: []].append(entry)
            above = zone
            if !zone.isRoot { interior.insert(zone) }
        } else {
            exact[owner, default: []].append(entry)
            above = owner
        }
        while !above.parent.isRoot {
            above = above.parent
            interior.insert(above)
        }
    }
}
