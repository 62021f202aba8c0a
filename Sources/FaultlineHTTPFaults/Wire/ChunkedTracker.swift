/// Follows a chunked body's framing as it streams past (RFC 9112 §7.1) without copying or decoding its data.

/// Tells where a `Transfer-Encoding: chunked` body ends. Chunk data is skipped by count; only chunk-size lines
/// (upper- or lower-case hex, extensions) and trailer lines are looked at byte by byte, each byte once.
struct ChunkedTracker {
    enum Step: Equatable {
        /// Every byte up to the end of the input belongs to the body, which goes on.
        case more
        /// The body (trailers included) ends just before `end`.
        case done(end: Int)
        case failed
    }

    /// A chunk-size line so far: `value` from `digits` hex digits; `closed` once whitespace ended the digits.
    private struct SizeLine {
        var value: UInt64 = 0
        var digits = 0
        var closed = false
        var inExtension = false
        var bytes = 0
        var sawCR = false
    }

    private enum Phase {
        case size(SizeLine)
        case data(remaining: UInt64)
        case dataEnd(sawCR: Bool)
        case trailers(lineBytes: Int, total: Int)
    }

    /// Longest chunk-size line accepted, extensions included (Go's chunked reader has the same bound).
    static let maxLineBytes = 4096
    private let maxTrailerBytes: Int
    private var phase = Phase.size(SizeLine())

    init(maxTrailerBytes: Int) { self.maxTrailerBytes = maxTrailerBytes }

    /// Consumes `bytes` from `start`.
    mutating func consume(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Step {
        var index = start
        while index < bytes.count {
            switch phase {
            case .data(let remaining):
                let available = UInt64(bytes.count - index)
                if available < remaining {
                    phase = .data(remaining: remaining - available)
                    return .more
                }
                index += Int(remaining)
                phase = .dataEnd(sawCR: false)
            case .dataEnd(let sawCR):
                let byte = bytes[index]
                index += 1
                if byte == ASCII.lf {
                    phase = .size(SizeLine())
                } else if byte == ASCII.cr && !sawCR {
                    phase = .dataEnd(sawCR: true)
                } else {
                    return .failed
                }
            case .size(var line):
                let byte = bytes[index]
                index += 1
                line.bytes += 1
                if line.bytes > Self.maxLineBytes { return .failed }
                if byte == ASCII.lf {
                    guard line.digits > 0 else { return .failed }
                    phase = line.value == 0 ? .trailers(lineBytes: 0, total: 0) : .data(remaining: line.value)
                    continue
                }
                if line.sawCR { return .failed }
                if byte == ASCII.cr {
                    line.sawCR = true
                } else if line.inExtension {
                    guard ASCII.isFieldValue(byte) else { return .failed }
                } else if let hex = ASCII.hexValue(byte), !line.closed {
                    // 16 hex digits fill 64 bits; more cannot be a real size.
                    guard line.digits < 16 else { return .failed }
                    line.value = line.value << 4 | UInt64(hex)
                    line.digits += 1
                } else if byte == ASCII.space || byte == ASCII.tab {
                    guard line.digits > 0 else { return .failed }
                    line.closed = true
                } else if byte == ASCII.semicolon && line.digits > 0 {
                    line.inExtension = true
                } else {
                    return .failed
                }
                phase = .size(line)
            case .trailers(var lineBytes, var total):
                let byte = bytes[index]
                index += 1
                total += 1
                if total > maxTrailerBytes { return .failed }
                if byte == ASCII.lf {
                    if lineBytes == 0 { return .done(end: index) }
                    lineBytes = 0
                } else if byte != ASCII.cr {
                    lineBytes += 1
                }
                phase = .trailers(lineBytes: lineBytes, total: total)
            }
        }
        return .more
    }
}
