/// What a proxy serves: TCP connections (Toxiproxy's only kind), DNS queries over UDP and TCP, or UDP datagrams.
public enum ProxyKind: String, Equatable, Sendable, CaseIterable {
    case tcp
    case dns
    /// A UDP proxy: a session per client address, datagram toxics (`DatagramToxicKind`).
    case udp

    /// Reads a `kind` value case-insensitively; the empty string is the default, `tcp`. Nil for anything else.
    public init?(wireName: String) {
        if wireName.isEmpty {
            self = .tcp
            return
        }
        let folded = String(decoding: wireName.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        self.init(rawValue: folded)
    }
}
