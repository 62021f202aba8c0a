/// Turning toxic attributes as given into a `DNSFault`'s checked values, naming the field that is wrong.
import FaultlineCore

extension DNSFault {
    /// Upper bound for `latency` and `jitter`: an hour is already far past any resolver's patience.
    public static let maxDelayMilliseconds: Int64 = 3_600_000

    static func patterns(_ names: [String]) throws(FaultlineError) -> [DNSNamePattern] {
        var patterns: [DNSNamePattern] = []
        for (index, text) in names.enumerated() {
            do throws(DNSName.SyntaxError) {
                patterns.append(try DNSNamePattern(parsing: text))
            } catch {
                throw .invalidValue(field: "attributes.names[\(index)]", reason: error.reason)
            }
        }
        return patterns
    }

    static func qtypes(_ texts: [String]) throws(FaultlineError) -> Set<DNSRecordType> {
        var types: Set<DNSRecordType> = []
        for (index, text) in texts.enumerated() {
            guard let type = DNSRecordType(mnemonic: text) else {
                throw .invalidValue(field: "attributes.qtypes[\(index)]", reason: "unknown record type \(text)")
            }
            types.insert(type)
        }
        return types
    }

    static func effect(_ kind: DNSFaultKind) throws(FaultlineError) -> Effect {
        switch kind {
        case .nxdomain(let a):
            guard (0...Int64(Int32.max)).contains(a.negativeTTL) else {
                throw .invalidValue(
                    field: "attributes.negative_ttl", reason: "must be between 0 and 2147483647 seconds")
            }
            var zone: DNSName?
            if !a.zone.isEmpty {
                do throws(DNSName.SyntaxError) {
                    zone = try DNSName(parsing: a.zone)
                } catch {
                    throw .invalidValue(field: "attributes.zone", reason: error.reason)
                }
            }
            return .nxdomain(negativeTTL: UInt32(a.negativeTTL), zone: zone)
        case .servfail(let a):
            guard let ede = a.ede else { return .servfail(ede: nil) }
            guard (0...65535).contains(ede) else {
                throw .invalidValue(field: "attributes.ede", reason: "must be between 0 and 65535")
            }
            return .servfail(ede: UInt16(ede))
        case .latency(let a):
            for (field, value) in [("latency", a.latency), ("jitter", a.jitter)]
            where !(0...maxDelayMilliseconds).contains(value) {
                throw .invalidValue(field: "attributes.\(field)", reason: "must be between 0 and 3600000 milliseconds")
            }
            return .latency(a.latency, jitter: a.jitter)
        case .drop(let a):
            switch a.transport.lowercased() {
            case "", "both": return .drop(udp: true, tcp: true)
            case "udp": return .drop(udp: true, tcp: false)
            case "tcp": return .drop(udp: false, tcp: true)
            default: throw .invalidValue(field: "attributes.transport", reason: "must be udp, tcp or both")
            }
        case .truncate(let a):
            guard (12...65535).contains(a.size) else {
                throw .invalidValue(field: "attributes.size", reason: "must be between 12 and 65535 bytes")
            }
            let dropOnTCP: Bool
            switch a.tcp.lowercased() {
            case "", "ok": dropOnTCP = false
            case "drop": dropOnTCP = true
            default: throw .invalidValue(field: "attributes.tcp", reason: "must be ok or drop")
            }
            switch a.mode.lowercased() {
            case "", "empty": return .truncate(.empty, dropOnTCP: dropOnTCP)
            case "partial": return .truncate(.partial(size: Int(a.size)), dropOnTCP: dropOnTCP)
            default: throw .invalidValue(field: "attributes.mode", reason: "must be empty or partial")
            }
        }
    }
}
