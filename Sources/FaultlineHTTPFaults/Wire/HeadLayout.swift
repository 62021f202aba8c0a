/// Where the parts of one complete head sit: its start line and the name and value of each field line.

/// One field line of a head, as offsets into the head's bytes.
struct FieldSpan: Equatable {
    /// The whole line, from its first byte through its LF.
    var line: Range<Int>
    var name: Range<Int>
    /// The value without surrounding whitespace.
    var value: Range<Int>
}

/// The layout of a complete head, parsed in place: offsets only, no strings, and its storage is reused from one
/// head to the next, so following a keep-alive connection allocates nothing per message.
struct HeadLayout {
    /// Leading blank lines (requests) end here; the start line begins here.
    private(set) var startLineBegin = 0
    /// The start line without its CR LF.
    private(set) var startLine = 0..<0
    /// The offset after the start line's LF: where the first field line (or the final blank line) begins.
    private(set) var fieldsBegin = 0
    private(set) var fields: [FieldSpan] = []
    /// The offset of the blank line that ends the head.
    private(set) var blankLine = 0

    /// Parses `bytes[0..<end]`, a head `HeadScanner` found complete (so the start line is already known to be
    /// well-formed). Returns false for a field line Go's server would refuse: no colon, an empty or non-token name,
    /// whitespace before the colon, a control byte in the value, or an obsolete folded line.
    mutating func parse(_ bytes: UnsafeRawBufferPointer, end: Int) -> Bool {
        fields.removeAll(keepingCapacity: true)
        var index = 0
        while index < end, bytes[index] == ASCII.cr || bytes[index] == ASCII.lf { index += 1 }
        startLineBegin = index
        guard let startEnd = lineFeed(bytes, from: index, end: end) else { return false }
        startLine = index..<(startEnd > index && bytes[startEnd - 1] == ASCII.cr ? startEnd - 1 : startEnd)
        index = startEnd + 1
        fieldsBegin = index
        while let lf = lineFeed(bytes, from: index, end: end) {
            let contentEnd = lf > index && bytes[lf - 1] == ASCII.cr ? lf - 1 : lf
            if contentEnd == index {
                blankLine = index
                return true
            }
            guard let field = Self.field(bytes, index..<contentEnd, line: index..<(lf + 1)) else { return false }
            fields.append(field)
            index = lf + 1
        }
        return false
    }

    private func lineFeed(_ bytes: UnsafeRawBufferPointer, from start: Int, end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == ASCII.lf { return index }
            index += 1
        }
        return nil
    }

    private static func field(_ bytes: UnsafeRawBufferPointer, _ content: Range<Int>, line: Range<Int>) -> FieldSpan? {
        var colon = content.lowerBound
        while colon < content.upperBound, bytes[colon] != ASCII.colon {
            guard ASCII.isToken(bytes[colon]) else { return nil }
            colon += 1
        }
        guard colon > content.lowerBound, colon < content.upperBound else { return nil }
        let value = ASCII.trimmed(bytes, (colon + 1)..<content.upperBound)
        for index in value where !ASCII.isFieldValue(bytes[index]) { return nil }
        return FieldSpan(line: line, name: content.lowerBound..<colon, value: value)
    }
}
