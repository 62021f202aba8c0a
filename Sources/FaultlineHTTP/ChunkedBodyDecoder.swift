/// Incremental decoder of a `Transfer-Encoding: chunked` body (sizes, data, trailers), bounded in size.
struct ChunkedBodyDecoder: Sendable {
    enum Progress: Equatable {
        case needMore
        case done([UInt8])
        case failed(HTTPStatus)
    }

    private enum Phase: Equatable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers(bytes: Int)
    }

    /// Longest chunk-size line (with extensions) accepted, as Go's chunked reader limits it.
    private static let maxLineBytes = 4096

    private var phase = Phase.size
    private var body: [UInt8] = []
    private let maxBodyBytes: Int
    private let maxTrailerBytes: Int

    init(maxBodyBytes: Int, maxTrailerBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
        self.maxTrailerBytes = maxTrailerBytes
    }

    /// Consumes what it can of `buffer` from `index` (advancing it).
    mutating func consume(_ buffer: [UInt8], from index: inout Int) -> Progress {
        while true {
            switch phase {
            case .size:
                guard let lineFeed = buffer[index...].firstIndex(of: MessageHead.lf) else {
                    return buffer.count - index > Self.maxLineBytes ? .failed(.badRequest) : .needMore
                }
                guard lineFeed - index <= Self.maxLineBytes, let size = Self.chunkSize(buffer[index..<lineFeed]) else {
                    return .failed(.badRequest)
                }
                index = lineFeed + 1
                if size > maxBodyBytes - body.count { return .failed(.payloadTooLarge) }
                phase = size == 0 ? .trailers(bytes: 0) : .data(remaining: size)
            case .data(let remaining):
                let available = min(remaining, buffer.count - index)
                body.append(contentsOf: buffer[index..<(index + available)])
                index += available
                if available < remaining {
                    phase = .data(remaining: remaining - available)
                    return .needMore
                }
                phase = .dataEnd
            case .dataEnd:
                guard index < buffer.count else { return .needMore }
                if buffer[index] == MessageHead.cr {
                    guard index + 1 < buffer.count else { return .needMore }
                    guard buffer[index + 1] == MessageHead.lf else { return .failed(.badRequest) }
                    index += 2
                } else if buffer[index] == MessageHead.lf {
                    index += 1
                } else {
                    return .failed(.badRequest)
                }
                phase = .size
            case .trailers(let bytes):
                guard let lineFeed = buffer[index...].firstIndex(of: MessageHead.lf) else {
                    return bytes + buffer.count - index > maxTrailerBytes
                        ? .failed(.requestHeaderFieldsTooLarge)
                        : .needMore
                }
                let length = lineFeed + 1 - index
                let isBlank = length == 1 || (length == 2 && buffer[index] == MessageHead.cr)
                index = lineFeed + 1
                if isBlank { return .done(body) }
                if bytes + length > maxTrailerBytes { return .failed(.requestHeaderFieldsTooLarge) }
                phase = .trailers(bytes: bytes + length)
            }
        }
    }

    /// `1a;ext=x` → 26; at most 16 hex digits, extensions ignored, trailing whitespace allowed.
    private static func chunkSize(_ line: ArraySlice<UInt8>) -> Int? {
        var digits = line
        if digits.last == MessageHead.cr { digits = digits.dropLast() }
        if let semicolon = digits.firstIndex(of: UInt8(ascii: ";")) { digits = digits[..<semicolon] }
        while let last = digits.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { digits.removeLast() }
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var size: UInt64 = 0
        for byte in digits {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            size = size << 4 | UInt64(value)
        }
        return size > UInt64(Int.max) ? Int.max : Int(size)
    }
}
