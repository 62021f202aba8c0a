/// The request-target: split into path and query, and percent-decoded as Go's `url.ParseRequestURI` does.
enum RequestTarget {
    /// The decoded path and raw query of `target`; nil when Go would answer 400 (bad escape, control byte,
    /// or neither an absolute path, an absolute URL nor `*`).
    static func parse(_ target: [UInt8]) -> (path: String, query: String?)? {
        guard !target.isEmpty, !target.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
        if target == [UInt8(ascii: "*")] { return ("*", nil) }
        var rest = target[...]
        if rest.first != UInt8(ascii: "/") {
            // Absolute form (`http://host/path`): the path starts after the authority.
            guard let schemeEnd = rest.firstIndex(of: UInt8(ascii: ":")), schemeEnd > rest.startIndex,
                rest[rest.startIndex..<schemeEnd].allSatisfy(isSchemeByte),
                rest[schemeEnd...].starts(with: Array("://".utf8))
            else { return nil }
            let authority = rest[(schemeEnd + 3)...]
            rest =
                authority[
                    (authority.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
                        ?? authority.endIndex)...
                ]
        }
        var query: String?
        if let mark = rest.firstIndex(of: UInt8(ascii: "?")) {
            query = String(decoding: rest[(mark + 1)...], as: UTF8.self)
            rest = rest[..<mark]
        }
        guard let path = percentDecode(rest) else { return nil }
        return (path, query)
    }

    /// `%XX` → byte; a malformed escape fails (Go: `invalid URL escape`). `+` stays `+` in paths.
    static func percentDecode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]),
                    let low = hexValue(bytes[index + 2])
                else { return nil }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's `url.PathEscape`-style encoding for a `Location` header: unreserved bytes and `$&+,/:;=@` stay.
    static func percentEncodePath(_ path: String) -> String {
        let kept = Set("-_.~$&+,/:;=@".utf8)
        var out = ""
        for byte in path.utf8 {
            let isAlphanumeric =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            if isAlphanumeric || kept.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let digits = Array("0123456789ABCDEF")
                out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
            }
        }
        return out
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
