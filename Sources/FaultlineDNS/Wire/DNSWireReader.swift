/// A bounds-checked cursor over a DNS message: every read either succeeds or throws, none can trap.
struct DNSWireReader {
    /// Jumps allowed in one name; strictly backward pointers already end every chain, this caps the work.
    static let maxPointerJumps = 127
    /// The header is 12 bytes and never holds a name, so no pointer may land in it.
    static let headerLength = 12

    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func u8() throws(DNSWireProblem) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(at: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() throws(DNSWireProblem) -> UInt16 {
        guard bytes.count - offset >= 2 else { throw .truncated(at: offset) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u32() throws(DNSWireProblem) -> UInt32 {
        let high = try u16()
        let low = try u16()
        return UInt32(high) << 16 | UInt32(low)
    }

    mutating func take(_ count: Int) throws(DNSWireProblem) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else { throw .truncated(at: offset) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func skip(_ count: Int) throws(DNSWireProblem) {
        guard count >= 0, bytes.count - offset >= count else { throw .truncated(at: offset) }
        offset += count
    }

    /// Reads a possibly compressed name.
    ///
    /// Every pointer must land at or after the header and strictly before the start of the segment that
    /// holds it, so the positions visited strictly decrease and no loop is possible; the jump cap and the
    /// 255-byte cap bound the work on top of that.
    mutating func name() throws(DNSWireProblem) -> DNSName {
        var labels: [[UInt8]] = []
        var position = offset
        var segmentStart = offset
        var resumeAt: Int?
        var wireLength = 1
        var jumps = 0
        while true {
            guard position < bytes.count else { throw .truncated(at: position) }
            let length = Int(bytes[position])
            switch length >> 6 {
            case 0:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    return DNSName(uncheckedLabels: labels)
                }
                guard bytes.count - position - 1 >= length else { throw .truncated(at: position) }
                wireLength += 1 + length
                guard wireLength <= DNSName.maxWireLength else { throw .nameTooLong(at: position) }
                labels.append(Array(bytes[position + 1...position + length]))
                position += 1 + length
            case 3:
                guard position + 1 < bytes.count else { throw .truncated(at: position) }
                let target = (length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target >= Self.headerLength, target < segmentStart else { throw .badPointer(at: position) }
                jumps += 1
                guard jumps <= Self.maxPointerJumps else { throw .tooManyPointers(at: position) }
                if resumeAt == nil { resumeAt = position + 2 }
                segmentStart = target
                position = target
            default:
                throw .badLabelType(at: position)
            }
        }
    }

    /// Steps over a name without following pointers: enough to walk records whose content we relay opaquely.
    mutating func skipName() throws(DNSWireProblem) {
        var wireLength = 1
        while true {
            let length = Int(try u8())
            switch length >> 6 {
            case 0:
                if length == 0 { return }
                wireLength += 1 + length
                guard wireLength <= DNSName.maxWireLength else { throw .nameTooLong(at: offset - 1) }
                try skip(length)
            case 3:
                _ = try u8()
                return
            default:
                throw .badLabelType(at: offset - 1)
            }
        }
    }
}
