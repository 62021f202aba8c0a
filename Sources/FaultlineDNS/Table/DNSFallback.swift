/// What a DNS listener does with a name its table does not know.
public enum DNSFallback: String, Hashable, Sendable, CaseIterable {
    /// Relay the query to the upstream resolver (the default when there is one).
    case forward
    /// Answer NXDOMAIN with the synthetic SOA (the default without an upstream).
    case nxdomain
    /// Answer REFUSED.
    case refused
}
