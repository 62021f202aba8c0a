/// The path part of a request-target, as matchers see it: no query, no authority, percent-decoded.

enum RequestPath {
    /// Calls `body` with the path of `target`: origin form `/a/b?q` → `/a/b`; absolute form `http://h/a?q` → `/a`
    /// (`/` when it has none); `*` stays `*`. `%XX` escapes are decoded as Go's `URL.Path` decodes them (a copy is
    /// made only when there is one); a malformed escape is kept as written.
    static func withPath<Result>(
        of target: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        var start = 0
        if let first = target.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "*") {
            // `scheme://authority/path`: skip to the first `/` after `//`, if any.
            var index = 0
            var slashes = 0
            start = target.count
            while index < target.count {
                if target[index] == UInt8(ascii: "/") {
                    slashes += 1
                    if slashes == 3 {
                        start = index
                        break
                    }
                } else if target[index] == UInt8(ascii: "?") && slashes >= 2 {
                    start = index
                    break
                }
                index += 1
            }
        }
        var end = start
        while end < target.count, target[end] != UInt8(ascii: "?") { end += 1 }
        let raw = UnsafeRawBufferPointer(rebasing: target[start..<end])
        if raw.isEmpty { return withUnsafeBytes(of: UInt8(ascii: "/")) { body($0) } }
        guard raw.contains(UInt8(ascii: "%")) else { return body(raw) }
        return percentDecoded(raw).withUnsafeBytes(body)
    }

    static func percentDecoded(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "%"), index + 2 < raw.count,
                let high = ASCII.hexValue(raw[index + 1]), let low = ASCII.hexValue(raw[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(raw[index])
                index += 1
            }
        }
        return out
    }
}
