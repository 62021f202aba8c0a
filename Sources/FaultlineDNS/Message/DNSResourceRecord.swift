/// One resource record: owner, type, class, TTL and its typed RDATA.
public struct DNSResourceRecord: Hashable, Sendable {
    public var name: DNSName
    public var type: DNSRecordType
    /// CLASS; for OPT this is the UDP payload size.
    public var rrClass: UInt16
    /// TTL; for OPT this packs extended RCODE, version and flags.
    public var ttl: UInt32
    public var data: DNSRData

    public init(name: DNSName, type: DNSRecordType, rrClass: UInt16 = DNSClass.internet, ttl: UInt32, data: DNSRData) {
        self.name = name
        self.type = type
        self.rrClass = rrClass
        self.ttl = ttl
        self.data = data
    }
}
