/// A deliberately separate, minimal DNS decoder: replies are checked by code that did not produce them.

/// A reply as the independent decoder sees it.
struct Decoded: Equatable {
    struct Record: Equatable {
        var name: String
        var type: UInt16
        var rrClass: UInt16
        var ttl: UInt32
        var rdata: [UInt8]
    }

    var id: UInt16
    var flags: UInt16
    var questions: [(name: String, type: UInt16, qclass: UInt16)]
    var answers: [Record]
    var authorities: [Record]
    var additionals: [Record]

    var rcode: UInt16 { flags & 0xF }
    var qr: Bool { flags & 0x8000 != 0 }
    var aa: Bool { flags & 0x0400 != 0 }
    var tc: Bool { flags & 0x0200 != 0 }
    var rd: Bool { flags & 0x0100 != 0 }
    var ra: Bool { flags & 0x0080 != 0 }
    var cd: Bool { flags & 0x0010 != 0 }
    var opt: Record? { additionals.first { $0.type == 41 } }

    static func == (lhs: Decoded, rhs: Decoded) -> Bool {
        lhs.id == rhs.id && lhs.flags == rhs.flags && lhs.answers == rhs.answers && lhs.authorities == rhs.authorities
            && lhs.additionals == rhs.additionals
            && lhs.questions.map { "\($0.name)/\($0.type)/\($0.qclass)" }
                == rhs.questions.map { "\($0.name)/\($0.type)/\($0.qclass)" }
    }

    /// Strict decode: exact counts, no trailing bytes, pointers only backwards; nil on any violation.
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 12 else { return nil }
        func word(_ at: Int) -> UInt16 { UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) }
        id = word(0)
        flags = word(2)
        var position = 12
        func name() -> String? {
            var parts: [String] = []
            var cursor = position
            var jumped = false
            var hops = 0
            while cursor < bytes.count {
                let length = Int(bytes[cursor])
                if length == 0 {
                    if !jumped { position = cursor + 1 }
                    return parts.isEmpty ? "." : parts.joined(separator: ".") + "."
                }
                if length >= 0xC0 {
                    guard cursor + 1 < bytes.count, hops < 64 else { return nil }
                    let target = (length & 0x3F) << 8 | Int(bytes[cursor + 1])
                    guard target < cursor else { return nil }
                    if !jumped { position = cursor + 2 }
                    jumped = true
                    hops += 1
                    cursor = target
                    continue
                }
                guard length <= 63, cursor + 1 + length <= bytes.count else { return nil }
                parts.append(String(decoding: bytes[(cursor + 1)..<(cursor + 1 + length)], as: UTF8.self))
                cursor += 1 + length
            }
            return nil
        }
        func record() -> Record? {
            guard let owner = name(), position + 10 <= bytes.count else { return nil }
            let type = word(position)
            let rrClass = word(position + 2)
            let ttl = UInt32(word(position + 4)) << 16 | UInt32(word(position + 6))
            let length = Int(word(position + 8))
            position += 10
            guard position + length <= bytes.count else { return nil }
            defer { position += length }
            return Record(name: owner, type: type, rrClass: rrClass, ttl: ttl,
                          rdata: Array(bytes[position..<(position + length)]))
        }
        var questions: [(String, UInt16, UInt16)] = []
        for _ in 0..<word(4) {
            guard let qname = name(), position + 4 <= bytes.count else { return nil }
            questions.append((qname, word(position), word(position + 2)))
            position += 4
        }
        var sections: [[Record]] = []
        for countAt in [6, 8, 10] {
            var records: [Record] = []
            for _ in 0..<word(countAt) {
                guard let parsed = record() else { return nil }
                records.append(parsed)
            }
            sections.append(records)
        }
        guard position == bytes.count else { return nil }
        self.questions = questions
        answers = sections[0]
        authorities = sections[1]
        additionals = sections[2]
    }
}
