/// `GET /toxic-types` for the datagram toxic types of `udp` proxies, read off `DatagramToxicKind`'s own tables.
extension DatagramToxicKind {
    /// Every type of `typeNames`, in that order, with each attribute's default as `attributesJSON` writes it.
    public static var descriptions: [ToxicTypeDescription] {
        typeNames.compactMap { name in
            guard let kind = DatagramToxicKind(typeName: name), case .object(let defaults) = kind.attributesJSON else {
                return nil
            }
            return ToxicTypeDescription(
                type: name, proxyKinds: [ProxyKind.udp.rawValue], help: typeHelp[name] ?? "", defaults: defaults,
                notes: attributeNotes[name] ?? [:])
        }
    }

    static let typeHelp: [String: String] = [
        "latency": "Delays each datagram by latency ± jitter ms drawn from a netem distribution.",
        "loss": "Drops datagrams, independently or in bursts (Gilbert, or netem's 4-state chain).",
        "duplicate": "Sends a copy of a datagram gap µs after it, with probability.",
        "corrupt": "Flips bits random bits of a datagram's payload, with probability.",
        "reorder": "netem's reorder: gap − 1 datagrams wait delay ms, then each may jump the queue.",
        "bandwidth": "Serialises at rate KB/s behind a drop-tail queue of queue bytes.",
        "mtu": "Datagrams larger than size bytes are dropped, or cut to size with truncate.",
        "blackhole": "Drops every datagram.",
    ]

    static let attributeNotes: [String: [String: AttributeNote]] = [
        "latency": [
            "latency": .integer("ms", "Delay added to every datagram.", in: 0...maximumMilliseconds),
            "jitter": .integer("ms", "Spread of the delay (the distribution's scale).", in: 0...maximumMilliseconds),
            "distribution": .choice("Shape of the jitter, as netem's tables.", Distribution.Shape.self),
            "correlation": .fraction("netem's correlation between successive draws."),
            "reorder": .boolean("A shorter draw may overtake earlier datagrams (netem's tfifo)."),
        ],
        "loss": [
            "model": .choice("gilbert: probability and burst; state: netem's p13…p14.", DatagramLossModel.self),
            "probability": .fraction("gilbert: mean fraction of datagrams lost."),
            "burst": .number("", "gilbert: mean length of a run of losses.", atLeast: 1),
            "p13": .fraction("state: good → burst loss (alone: the random loss rate)."),
            "p31": .fraction("state: burst loss → good (default 1 − p13)."),
            "p32": .fraction("state: burst loss → burst good (p31 + p32 ≤ 1)."),
            "p23": .fraction("state: burst good → burst loss."),
            "p14": .fraction("state: good → isolated loss (p13 + p14 ≤ 1)."),
        ],
        "duplicate": [
            "probability": .fraction("Chance that a datagram is duplicated."),
            "gap": .integer("µs", "Delay of the copy after the original.", in: 0...maximumMilliseconds * 1000),
        ],
        "corrupt": [
            "probability": .fraction("Chance that a datagram is corrupted."),
            "bits": .integer("", "Distinct random bits flipped.", in: 1...maximumBits),
        ],
        "reorder": [
            "probability": .fraction("Chance that a datagram goes at once, jumping the queue."),
            "gap": .integer("", "Datagrams between reorderings.", in: 1...maximumGap),
            "delay": .integer("ms", "How long the others wait.", in: 1...maximumMilliseconds),
        ],
        "bandwidth": [
            "rate": .integer("KB/s", "Serialisation rate (1 KB = 1000 B); 0 is unlimited.", in: 0...maximumRate),
            "queue": .integer("bytes", "Drop-tail queue in front of the link.", in: 0...maximumQueue),
            "overhead": .integer("bytes", "Added to each datagram's size (negative: stripped).", in: -65_535...65_535),
        ],
        "mtu": [
            "size": .integer("bytes", "Largest datagram passed (1472: Ethernet less IPv4 and UDP).", in: 0...65_535),
            "truncate": .boolean("Cut larger datagrams to size instead of dropping them."),
        ],
    ]
}
