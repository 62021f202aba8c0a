/// Reads attributes back out of generated SVG for the chart tests: tags by class, attribute values by name.

enum SVGProbe {
    /// Every tag (the text between `<` and `>`) whose class is exactly `cls`.
    static func tags(_ svg: String, class cls: String) -> [Substring] {
        svg.split(separator: "<").compactMap { piece in
            guard let end = piece.firstIndex(of: ">") else { return nil }
            let tag = piece[..<end]
            return tag.contains("class=\"\(cls)\"") ? tag : nil
        }
    }

    /// The value of `name` in `tag`, or nil.
    static func attribute(_ tag: Substring, _ name: String) -> String? {
        guard let start = tag.firstRange(of: " \(name)=\"")?.upperBound else { return nil }
        return String(tag[start...].prefix { $0 != "\"" })
    }

    /// `name` of every tag of class `cls`, in document order.
    static func values(_ svg: String, class cls: String, _ name: String) -> [String] {
        tags(svg, class: cls).compactMap { attribute($0, name) }
    }

    /// The text content of every `<text class="cls">`.
    static func texts(_ svg: String, class cls: String) -> [String] {
        svg.split(separator: "<text class=\"\(cls)\"").dropFirst().compactMap { piece in
            guard let open = piece.firstIndex(of: ">"), let close = piece.firstRange(of: "</text>") else { return nil }
            return String(piece[piece.index(after: open)..<close.lowerBound])
        }
    }
}
