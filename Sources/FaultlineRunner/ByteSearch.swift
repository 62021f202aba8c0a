/// Substring search over raw bytes, for `bodyContains` and `stdoutContains` (bodies need not be valid UTF-8).

enum ByteSearch {
    /// True when `needle` occurs in `haystack`; the empty needle occurs everywhere.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            if haystack[start] == first && haystack[start..<start + needle.count].elementsEqual(needle) { return true }
            start += 1
        }
        return false
    }
}
