/// RDATA: decoded for the types we answer or must re-compress, kept as opaque bytes for everything else.
public enum DNSRData: Hashable, Sendable {
    case a(DNSIPv4Address)
    case aaaa(DNSIPv6Address)
    case cname(DNSName)
    /// NS and PTR: one name, decoded because it may be compressed.
    case ns(DNSName)
    case ptr(DNSName)
    case mx(preference: UInt16, exchange: DNSName)
    case soa(DNSSOA)
    case opt([DNSOption])
    /// Any other type, byte for byte (safe to re-emit because RFC 3597 forbids compression inside it).
    case opaque([UInt8])
}

extension DNSRData {
    /// Decodes `length` bytes of RDATA at the reader's position; names may point anywhere earlier.
    static func read(
        type: DNSRecordType, rrClass: UInt16, length: Int, from reader: inout DNSWireReader
    ) throws(DNSWireProblem) -> DNSRData {
        let start = reader.offset
        let end = start + length
        guard reader.remaining >= length else { throw .truncated(at: start) }
        let data: DNSRData
        switch type {
        case .a where rrClass == DNSClass.internet:
            guard length == 4 else { throw .badRecordData(type: type.rawValue, at: start) }
            data = .a(DNSIPv4Address(value: try reader.u32()))
        case .aaaa where rrClass == DNSClass.internet:
            guard length == 16, let address = DNSIPv6Address(bytes: try reader.take(16)) else {
                throw .badRecordData(type: type.rawValue, at: start)
            }
            data = .aaaa(address)
        case .cname: data = .cname(try reader.name())
        case .ns: data = .ns(try reader.name())
        case .ptr: data = .ptr(try reader.name())
        case .mx:
            guard length >= 3 else { throw .badRecordData(type: type.rawValue, at: start) }
            data = .mx(preference: try reader.u16(), exchange: try reader.name())
        case .soa:
            data = .soa(
                DNSSOA(
                    mname: try reader.name(), rname: try reader.name(), serial: try reader.u32(),
                    refresh: try reader.u32(), retry: try reader.u32(), expire: try reader.u32(),
                    minimum: try reader.u32()))
        case .opt:
            var options: [DNSOption] = []
            while reader.offset < end {
                guard end - reader.offset >= 4 else { throw .badRecordData(type: type.rawValue, at: reader.offset) }
                let code = try reader.u16()
                let optionLength = Int(try reader.u16())
                guard end - reader.offset >= optionLength else {
                    throw .badRecordData(type: type.rawValue, at: reader.offset)
                }
                options.append(DNSOption(code: code, data: try reader.take(optionLength)))
            }
            data = .opt(options)
        default:
            data = .opaque(try reader.take(length))
        }
        guard reader.offset == end else { throw .badRecordData(type: type.rawValue, at: start) }
        return data
    }

    /// Writes the RDATA (without RDLENGTH); CNAME targets stay uncompressed as dns-and-loss.md §2.3 asks.
    func write(to writer: inout DNSWireWriter) {
        switch self {
        case .a(let address): writer.u32(address.value)
        case .aaaa(let address): writer.append(address.bytes)
        case .cname(let name): writer.name(name, compress: false)
        case .ns(let name), .ptr(let name): writer.name(name, compress: true)
        case .mx(let preference, let exchange):
            writer.u16(preference)
            writer.name(exchange, compress: true)
        case .soa(let soa):
            writer.name(soa.mname, compress: true)
            writer.name(soa.rname, compress: true)
            for value in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] { writer.u32(value) }
        case .opt(let options):
            for option in options {
                writer.u16(option.code)
                writer.u16(UInt16(truncatingIfNeeded: option.data.count))
                writer.append(option.data)
            }
        case .opaque(let bytes): writer.append(bytes)
        }
    }
}
