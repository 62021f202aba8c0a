/// Byte-wise string comparison: names compare as Go compares them, not by Unicode canonical equivalence.
extension String {
    /// True when both strings have the same UTF-8 bytes (Swift's `==` would also equate "é" and "e\u{301}").
    public func isBytewiseEqual(to other: String) -> Bool { utf8.elementsEqual(other.utf8) }

    /// Byte order, as Go's `sort.Strings` and JSON map keys use.
    public func isBytewiseLess(than other: String) -> Bool { utf8.lexicographicallyPrecedes(other.utf8) }
}
