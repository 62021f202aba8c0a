/// `--admin-token-file`: the bearer token read once at start, refused when missing, empty or readable by everyone.
import FaultlinePosix

public enum AdminTokenFile {
    /// Why a token file cannot be used; the message names the file.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "admin token file \(path): \(reason)" }
    }

    /// The token: the file's content without surrounding whitespace (a trailing newline is usual).
    public static func load(_ path: String) throws(Failure) -> [UInt8] {
        let status: FileStatus
        let bytes: [UInt8]
        do {
            status = try FileStatus.of(path)
            bytes = try FileReader.read(path, limit: 64 << 10)
        } catch {
            throw Failure(path: path, reason: "cannot read: \(error)")
        }
        // A secret anyone on the machine can read protects nothing; Kubernetes secrets need `defaultMode: 0400`.
        if status.permissions & 0o004 != 0 {
            let mode = "0" + String(status.permissions & 0o777, radix: 8)
            throw Failure(path: path, reason: "readable by everyone (mode \(mode)); allow the owner (and group) only")
        }
        let token = trimmed(bytes)
        guard !token.isEmpty else { throw Failure(path: path, reason: "empty") }
        return token
    }

    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        let blank: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        var slice = bytes[...]
        while let first = slice.first, blank.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, blank.contains(last) { slice = slice.dropLast() }
        return Array(slice)
    }
}
