/// Directories the experiment runner keeps its state files in: create them, list them.
import Glibc

public enum Directory {
    /// Creates `path` and any missing parents, readable by the owner only; an existing directory is fine.
    public static func create(_ path: String) throws(Errno) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST { throw Errno.current }
            prefix += "/"
        }
    }

    /// The names in `path` (without `.` and `..`), sorted; a missing directory has none.
    public static func entries(_ path: String) throws(Errno) -> [String] {
        guard let stream = opendir(path) else {
            if errno == ENOENT { return [] }
            throw Errno.current
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
