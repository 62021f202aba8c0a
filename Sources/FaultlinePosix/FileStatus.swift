/// What `stat(2)` says about a path (type, permission bits, owner), and the few file-system calls beside it.
import Glibc

public struct FileStatus: Equatable, Sendable {
    /// The permission bits (`0o640`).
    public var permissions: UInt32
    public var isSocket: Bool
    public var isRegular: Bool
    public var owner: UInt32
    public var group: UInt32

    init(_ raw: stat) {
        permissions = UInt32(raw.st_mode) & 0o7777
        isSocket = UInt32(raw.st_mode) & UInt32(S_IFMT) == UInt32(S_IFSOCK)
        isRegular = UInt32(raw.st_mode) & UInt32(S_IFMT) == UInt32(S_IFREG)
        owner = raw.st_uid
        group = raw.st_gid
    }

    /// Following symlinks (a Kubernetes secret's file is a link into its `..data` directory).
    public static func of(_ path: String) throws(Errno) -> FileStatus {
        var raw = stat()
        try Syscall.call { stat(path, &raw) }
        return FileStatus(raw)
    }

    /// The path itself, a symlink not followed.
    public static func ofLink(_ path: String) throws(Errno) -> FileStatus {
        var raw = stat()
        try Syscall.call { lstat(path, &raw) }
        return FileStatus(raw)
    }
}

public enum FileSystem {
    /// Removes a file (the admin socket at shutdown); a missing one is fine.
    public static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// The canonical absolute path, symlinks resolved; nil when it does not exist.
    public static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// A group's id by name, or a numeric id as given; nil when there is no such group.
    public static func groupID(_ name: String) -> gid_t? {
        if let number = gid_t(name) { return number }
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16 << 10)
        let status = getgrnam_r(name, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil else { return nil }
        return entry.gr_gid
    }
}
