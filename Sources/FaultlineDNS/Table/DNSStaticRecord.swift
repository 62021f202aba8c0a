/// One configured record, `{name, type, value, ttl}`, exactly as the user wrote it (validated by `DNSRecordTable`).
public struct DNSStaticRecord: Hashable, Sendable {
    /// `db.test`, `*.svc.test` or `*`; case-insensitive, trailing dot optional.
    public var name: String
    /// `A`, `AAAA` or `CNAME`, case-insensitive.
    public var type: String
    /// An IPv4 address, an IPv6 address or a target name, by type.
    public var value: String
    /// Seconds; `DNSSpec.defaultTTL` when the user gave none.
    public var ttl: Int64

    public init(name: String, type: String, value: String, ttl: Int64 = DNSSpec.defaultTTL) {
        self.name = name
        self.type = type
        self.value = value
        self.ttl = ttl
    }
}
