/// A fresh directory under /tmp for one test's files (experiment, report, state), removed with what it holds.
import Glibc

final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/faultline-runner-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw TestFailure("mkdtemp failed: errno \(errno)")
        }
        path = String(cString: made)
    }

    /// `path/name`.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `path/name` and returns the path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = file(name)
        guard let handle = fopen(target, "w") else { throw TestFailure("cannot write \(target)") }
        fputs(text, handle)
        fclose(handle)
        return target
    }

    /// The whole file as text, or nil when it does not exist.
    func read(_ name: String) -> String? {
        guard let handle = fopen(file(name), "r") else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, handle)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Names in a subdirectory (for state files).
    func entries(_ subdirectory: String) -> [String] {
        guard let stream = opendir(file(subdirectory)) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    deinit { Self.remove(path, depth: 4) }

    /// Removes a file or a directory tree at most `depth` levels deep (these tests create two or three).
    private static func remove(_ path: String, depth: Int) {
        if unlink(path) == 0 || depth == 0 { return }
        if let stream = opendir(path) {
            var names: [String] = []
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(stream)
            for name in names { remove(path + "/" + name, depth: depth - 1) }
        }
        rmdir(path)
    }
}
