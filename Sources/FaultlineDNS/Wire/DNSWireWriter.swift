/// Appends DNS wire data to a buffer, compressing names against the ones already written.
struct DNSWireWriter {
    /// Compression pointers have 14 bits of offset; names written later than this cannot be targets.
    static let maxPointerTarget = 0x3FFF

    private(set) var bytes: [UInt8] = []
    /// Offsets of every name suffix written so far, keyed by its exact labels (case kept, so echoes stay exact).
    private var suffixOffsets: [[[UInt8]]: Int] = [:]

    init() {
        bytes.reserveCapacity(512)
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func u32(_ value: UInt32) {
        u16(UInt16(truncatingIfNeeded: value >> 16))
        u16(UInt16(truncatingIfNeeded: value))
    }

    mutating func append(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// Overwrites two bytes written earlier (RDLENGTH once the RDATA is known).
    mutating func patchU16(at position: Int, _ value: UInt16) {
        guard position >= 0, position + 1 < bytes.count else { return }
        bytes[position] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[position + 1] = UInt8(truncatingIfNeeded: value)
    }

    /// Writes `name`, ending in a pointer to an identical suffix when `compress` allows; either way its
    /// suffixes become targets for later names.
    mutating func name(_ name: DNSName, compress: Bool) {
        let labels = name.labels
        for index in labels.indices {
            let suffix = Array(labels[index...])
            if compress, let target = suffixOffsets[suffix] {
                u16(0xC000 | UInt16(target))
                return
            }
            if bytes.count <= Self.maxPointerTarget, suffixOffsets[suffix] == nil {
                suffixOffsets[suffix] = bytes.count
            }
            u8(UInt8(truncatingIfNeeded: labels[index].count))
            append(labels[index])
        }
        u8(0)
    }
}
