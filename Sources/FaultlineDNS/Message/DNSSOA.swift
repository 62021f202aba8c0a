/// SOA RDATA (RFC 1035 §3.3.13); the last field doubles as the negative-caching TTL (RFC 2308 §5).
public struct DNSSOA: Hashable, Sendable {
    public var mname: DNSName
    public var rname: DNSName
    public var serial: UInt32
    public var refresh: UInt32
    public var retry: UInt32
    public var expire: UInt32
    public var minimum: UInt32

    public init(
        mname: DNSName, rname: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32,
        minimum: UInt32
    ) {
        self.mname = mname
        self.rname = rname
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }

    /// The synthetic SOA of dns-and-loss.md §2.5, with MINIMUM set to the negative TTL.
    public static func synthetic(negativeTTL: UInt32) -> DNSSOA {
        DNSSOA(
            mname: DNSName(uncheckedLabels: [Array("ns".utf8), Array("faultline".utf8), Array("invalid".utf8)]),
            rname: DNSName(
                uncheckedLabels: [Array("hostmaster".utf8), Array("faultline".utf8), Array("invalid".utf8)]),
            serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: negativeTTL)
    }
}
