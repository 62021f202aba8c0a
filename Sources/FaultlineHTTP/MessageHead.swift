/// The head of an HTTP/1 message: finding where it ends and reading its header fields (both parsers use it).
enum MessageHead {
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    /// The offset just past the blank line that ends a head, searching `buffer` from `scan` (advanced so a
    /// later call resumes where this one stopped). Bare LF line ends are accepted, as Go accepts them.
    static func findEnd(in buffer: [UInt8], scan: inout Int) -> Int? {
        var position = scan
        while position < buffer.count {
            guard let lineFeed = buffer[position...].firstIndex(of: lf) else {
                scan = buffer.count
                return nil
            }
            let next = lineFeed + 1
            if next >= buffer.count || (buffer[next] == cr && next + 1 >= buffer.count) {
                scan = lineFeed
                return nil
            }
            if buffer[next] == lf { return next + 1 }
            if buffer[next] == cr && buffer[next + 1] == lf { return next + 2 }
            position = next
        }
        scan = position
        return nil
    }

    /// The lines of a head (without their CR LF or LF), blank final line excluded.
    static func lines(_ head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = head.startIndex
        while let lineFeed = head[start...].firstIndex(of: lf) {
            var line = head[start..<lineFeed]
            if line.last == cr { line = line.dropLast() }
            if line.isEmpty { break }
            lines.append(line)
            start = lineFeed + 1
        }
        return lines
    }

    /// Reads `Name: value` lines; nil for anything Go's server refuses with 400 (no colon, a bad name,
    /// a control byte in a value, or an obsolete folded line).
    static func fields(_ lines: ArraySlice<ArraySlice<UInt8>>) -> HTTPHeaders? {
        var headers = HTTPHeaders()
        for line in lines {
            guard let first = line.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t"),
                let colon = line.firstIndex(of: UInt8(ascii: ":"))
            else { return nil }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else { return nil }
            var value = line[(colon + 1)...]
            while let byte = value.first, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                value.removeFirst()
            }
            while let byte = value.last, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { value.removeLast() }
            guard value.allSatisfy({ $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }) else { return nil }
            headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
        return headers
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// A `Content-Length` value as Go's `parseContentLength` reads it: decimal digits only, below 2^63.
    static func contentLength(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return Int(text)
    }
}
