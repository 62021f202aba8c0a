/// Cutting a serialised reply at record boundaries, for TC replies built from ours or an upstream's bytes.
enum DNSReplyFitting {
    /// Keeps header and questions, then (with `keepRecords`) the leading whole records that fit within `limit`
    /// together with `opt`, stopping at the first OPT or unreadable record; drops the rest, appends `opt`,
    /// fixes the counts and sets TC.
    ///
    /// Works on bytes so relayed replies stay opaque: compression pointers only point backwards, so every
    /// kept record still resolves. Nil when the header or question cannot be walked.
    static func cut(_ bytes: [UInt8], within limit: Int, appending opt: [UInt8], keepRecords: Bool) -> [UInt8]? {
        guard let header = DNSHeader(bytes: bytes) else { return nil }
        var reader = DNSWireReader(bytes, offset: DNSWireReader.headerLength)
        do throws(DNSWireProblem) {
            for _ in 0..<header.questionCount {
                try reader.skipName()
                try reader.skip(4)
            }
        } catch {
            return nil
        }
        var end = reader.offset
        var kept: [UInt16] = [0, 0, 0]
        if keepRecords {
            let counts = [header.answerCount, header.authorityCount, header.additionalCount]
            walk: for section in 0..<3 {
                for _ in 0..<counts[section] {
                    guard let type = try? Self.skipRecord(&reader), type != DNSRecordType.opt.rawValue,
                        reader.offset + opt.count <= limit
                    else { break walk }
                    kept[section] += 1
                    end = reader.offset
                }
            }
        }
        var result = Array(bytes[0..<end]) + opt
        result[2] |= 0x02
        let additional = kept[2] &+ (opt.isEmpty ? 0 : 1)
        for (index, count) in [kept[0], kept[1], additional].enumerated() {
            result[6 + 2 * index] = UInt8(truncatingIfNeeded: count >> 8)
            result[7 + 2 * index] = UInt8(truncatingIfNeeded: count)
        }
        return result
    }

    /// Steps over one RR and returns its type.
    private static func skipRecord(_ reader: inout DNSWireReader) throws(DNSWireProblem) -> UInt16 {
        try reader.skipName()
        let type = try reader.u16()
        try reader.skip(6)
        try reader.skip(Int(try reader.u16()))
        return type
    }

    /// The header alone with TC set and every count zero: the last resort for an unwalkable message.
    static func bareHeader(_ bytes: [UInt8]) -> [UInt8] {
        var header = Array(bytes.prefix(DNSWireReader.headerLength))
        guard header.count == DNSWireReader.headerLength else { return [] }
        header[2] |= 0x02
        for index in 4..<12 { header[index] = 0 }
        return header
    }
}
