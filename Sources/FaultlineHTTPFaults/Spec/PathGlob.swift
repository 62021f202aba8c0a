/// A request-path pattern: exact, or with `*` matching any run of characters (`/` included).

/// `/api/*` matches `/api/a/b`; a pattern without `*` must match exactly; `?` is an ordinary character (the
/// query string is never part of the path matched). Paths are matched percent-decoded, so the pattern's own `%XX`
/// escapes are decoded too (`/a%20b` and `/a b` are the same pattern; `%2A` is a literal star). Checked when the
/// toxic is created, so a bad pattern is a 400.
public struct PathGlob: Equatable, Sendable {
    public let pattern: String
    /// The literal pieces between stars, in order.
    private let pieces: [[UInt8]]
    private let anchoredStart: Bool
    private let anchoredEnd: Bool

    /// Why a pattern is refused (the 400's reason).
    public struct Invalid: Error, Equatable {
        public var reason: String
    }

    public init(_ pattern: String) throws(Invalid) {
        let bytes = Array(pattern.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "*") else {
            throw Invalid(reason: "must be a path starting with / or *")
        }
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw Invalid(reason: "must not contain control characters")
        }
        guard !bytes.contains(where: { Array("[]{}\\".utf8).contains($0) }) else {
            throw Invalid(reason: "only * is a wildcard: [, ], {, } and backslashes are not allowed")
        }
        self.pattern = pattern
        pieces = bytes.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map { piece in
            piece.withUnsafeBytes { RequestPath.percentDecoded($0) }
        }
        anchoredStart = first != UInt8(ascii: "*")
        anchoredEnd = bytes.last != UInt8(ascii: "*")
    }

    /// Whether `path` (without its query) matches.
    func matches(_ path: UnsafeRawBufferPointer) -> Bool {
        // No star: one piece, anchored at both ends.
        if pieces.count == 1 { return path.elementsEqual(pieces[0]) }
        var position = 0
        var end = path.count
        if anchoredStart {
            guard path.starts(with: pieces[0]) else { return false }
            position = pieces[0].count
        }
        if anchoredEnd {
            let last = pieces[pieces.count - 1]
            guard last.count <= end - position, path[(end - last.count)...].elementsEqual(last) else { return false }
            end -= last.count
        }
        // Each middle piece at its leftmost place: a star before it absorbs whatever comes first.
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let found = Self.find(piece, in: path, from: position, to: end) else { return false }
            position = found + piece.count
        }
        return true
    }

    private static func find(_ piece: [UInt8], in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        guard piece.count <= end - start else { return nil }
        var index = start
        while index + piece.count <= end {
            if bytes[index] == piece[0] && bytes[index..<(index + piece.count)].elementsEqual(piece) { return index }
            index += 1
        }
        return nil
    }
}
