/// The EDNS(0) view of an OPT pseudo-record (RFC 6891 §6.1): payload size, extended RCODE, version, DO, options.
public struct DNSEDNS: Hashable, Sendable {
    /// Payload sizes below this are treated as this (RFC 6891 §6.2.5).
    public static let minimumPayloadSize = 512

    /// OPT's CLASS field: the largest UDP payload the sender can take.
    public var udpPayloadSize: UInt16
    /// The high eight bits of the 12-bit RCODE.
    public var extendedRCode: UInt8
    public var version: UInt8
    /// DO: the sender wants DNSSEC records.
    public var dnssecOK: Bool
    public var options: [DNSOption]

    public init(
        udpPayloadSize: UInt16, extendedRCode: UInt8 = 0, version: UInt8 = 0, dnssecOK: Bool = false,
        options: [DNSOption] = []
    ) {
        self.udpPayloadSize = udpPayloadSize
        self.extendedRCode = extendedRCode
        self.version = version
        self.dnssecOK = dnssecOK
        self.options = options
    }

    /// Reads the fields out of an OPT record; nil for any other type.
    public init?(record: DNSResourceRecord) {
        guard record.type == .opt else { return nil }
        let options: [DNSOption]
        if case .opt(let parsed) = record.data { options = parsed } else { options = [] }
        self.init(
            udpPayloadSize: record.rrClass, extendedRCode: UInt8(truncatingIfNeeded: record.ttl >> 24),
            version: UInt8(truncatingIfNeeded: record.ttl >> 16), dnssecOK: record.ttl & 0x8000 != 0,
            options: options)
    }

    /// The OPT pseudo-record carrying these fields, owned by the root as RFC 6891 requires.
    public var record: DNSResourceRecord {
        let ttl = UInt32(extendedRCode) << 24 | UInt32(version) << 16 | (dnssecOK ? 0x8000 : 0)
        return DNSResourceRecord(name: .root, type: .opt, rrClass: udpPayloadSize, ttl: ttl, data: .opt(options))
    }

    /// The OPT record in wire form, ready to append to a message (nothing in it can be compressed).
    public var wireRecord: [UInt8] {
        var writer = DNSWireWriter()
        writer.u8(0)
        writer.u16(DNSRecordType.opt.rawValue)
        writer.u16(udpPayloadSize)
        writer.u32(record.ttl)
        let lengthAt = writer.bytes.count
        writer.u16(0)
        record.data.write(to: &writer)
        writer.patchU16(at: lengthAt, UInt16(truncatingIfNeeded: writer.bytes.count - lengthAt - 2))
        return writer.bytes
    }
}
