/// Escaping for HTML and SVG text and attribute values: every string from a report goes through here.

enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities, so a name can neither close an element nor an attribute value.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
