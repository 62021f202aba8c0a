/// `GET /toxic-types` for a DNS listener's toxic types, read off `DNSFaultKind`'s own key table and defaults.
import FaultlineCore

extension DNSFaultKind {
    /// Every type of `typeNames`, in that order, with each attribute's default as the API echoes it.
    public static var descriptions: [ToxicTypeDescription] {
        typeNames.compactMap { name in
            guard let kind = try? DNSFaultKind(typeName: name, attributes: nil),
                case .object(let defaults) = kind.attributesJSON
            else { return nil }
            var notes = commonNotes
            notes.merge(attributeNotes[name] ?? [:]) { _, own in own }
            return ToxicTypeDescription(
                type: name, proxyKinds: [ProxyKind.dns.rawValue], usesStream: false, help: typeHelp[name] ?? "",
                defaults: defaults, notes: notes)
        }
    }

    static let typeHelp: [String: String] = [
        "nxdomain": "Matching queries get NXDOMAIN with a synthetic SOA.",
        "servfail": "Matching queries get SERVFAIL, with an Extended DNS Error when ede is set.",
        "latency": "Whatever reply a matching query gets is sent latency ± jitter ms late.",
        "drop": "Matching queries get no reply over transport.",
        "truncate": "Over UDP, matching queries get TC=1 so that clients retry over TCP.",
    ]

    /// `names` and `qtypes`, which every type takes.
    static let commonNotes: [String: AttributeNote] = [
        "names": .strings("Name patterns: db.test exactly, *.test strictly below test, * every name; empty: all."),
        "qtypes": .strings("Query types matched (A, AAAA, HTTPS, …); empty: every type."),
    ]

    static let attributeNotes: [String: [String: AttributeNote]] = [
        "nxdomain": [
            "negative_ttl": .integer("s", "The SOA's TTL and MINIMUM: how long resolvers may cache the NXDOMAIN.",
                                     in: 0...Int64(Int32.max)),
            "zone": .string("The SOA owner; empty: the pattern's zone, else the name's parent."),
        ],
        "servfail": [
            "ede": .integer("", "RFC 8914 code added when the query has EDNS; null: none.", in: 0...65_535,
                            nullable: true),
        ],
        "latency": [
            "latency": .integer("ms", "Delay of the reply.", in: 0...DNSFault.maxDelayMilliseconds),
            "jitter": .integer("ms", "Uniform spread either side of latency.", in: 0...DNSFault.maxDelayMilliseconds),
        ],
        "drop": ["transport": .choice("Where queries go unanswered.", ["udp", "tcp", "both"])],
        "truncate": [
            "mode": .choice("empty: TC with no records; partial: the whole records that fit in size.",
                            ["empty", "partial"]),
            "size": .integer("bytes", "Room for records in partial mode.", in: 12...65_535),
            "tcp": .choice("ok answers over TCP as usual; drop models TCP/53 blocked.", ["ok", "drop"]),
        ],
    ]
}
