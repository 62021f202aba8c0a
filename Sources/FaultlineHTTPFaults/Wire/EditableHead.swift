/// A head taken apart into lines so faults can rewrite it: remove and set fields, change the status line.
import FaultlineHTTP

/// Built only for a head a fault rewrites (untouched heads are forwarded as they arrived). Field lines keep their
/// exact bytes unless a fault changes them; line ends come out as CR LF.
struct EditableHead {
    private var startLine: [UInt8]
    private var fields: [(lowerName: [UInt8], line: [UInt8])]

    init(_ bytes: UnsafeRawBufferPointer, _ layout: HeadLayout) {
        startLine = Array(bytes[layout.startLine])
        fields = layout.fields.map { field in
            var end = field.line.upperBound - 1  // the LF
            if end > field.line.lowerBound && bytes[end - 1] == ASCII.cr { end -= 1 }
            return (bytes[field.name].map(ASCII.lower), Array(bytes[field.line.lowerBound..<end]))
        }
    }

    /// Drops every field named `name` (case-insensitive).
    mutating func remove(_ name: String) {
        let lower = Array(name.utf8).map(ASCII.lower)
        fields.removeAll { $0.lowerName == lower }
    }

    /// For each name in `set`, replaces all its fields with the given values, at the place of its first field, or
    /// adds them at the end.
    mutating func set(_ set: [HTTPHeaders.Field]) {
        var done: [[UInt8]] = []
        for field in set {
            let lower = Array(field.name.utf8).map(ASCII.lower)
            guard !done.contains(lower) else { continue }
            done.append(lower)
            let lines = set.filter { Array($0.name.utf8).map(ASCII.lower) == lower }.map { field in
                (lowerName: lower, line: Array("\(field.name): \(field.value)".utf8))
            }
            let position = fields.firstIndex { $0.lowerName == lower } ?? fields.count
            fields.removeAll { $0.lowerName == lower }
            fields.insert(contentsOf: lines, at: min(position, fields.count))
        }
    }

    /// One rewrite of `http_header`: `remove` first, then `set`.
    mutating func apply(_ edit: HTTPHeaderAttributes) {
        for name in edit.remove { remove(name) }
        set(edit.set)
    }

    /// Replaces every `Content-Length` with `length`.
    mutating func setContentLength(_ length: UInt64) {
        set([HTTPHeaders.Field(name: "Content-Length", value: String(length))])
    }

    /// `HTTP/1.x <code> <standard phrase>`, keeping the version.
    mutating func setStatus(_ code: Int) {
        let status = HTTPStatus(code: code)
        startLine = Array(startLine.prefix(8)) + Array(" \(code) \(status.reasonPhrase)".utf8)
    }

    var bytes: [UInt8] {
        var out = startLine
        out += [ASCII.cr, ASCII.lf]
        for field in fields {
            out += field.line
            out += [ASCII.cr, ASCII.lf]
        }
        out += [ASCII.cr, ASCII.lf]
        return out
    }
}
