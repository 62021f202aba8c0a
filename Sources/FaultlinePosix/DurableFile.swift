/// Small files replaced atomically and durably (temporary file, fsync, rename, fsync of the directory).
import Glibc

public enum DurableFile {
    /// Replaces `path` with `bytes`: after a crash a reader finds the old content or the new, never a torn file.
    /// The file is readable by its owner only (a state file names what a run changed; nobody else needs it).
    public static func write(_ bytes: [UInt8], to path: String) throws(Errno) {
        let temporary = path + ".tmp-\(getpid())"
        do throws(Errno) {
            let fd = try Syscall.call { open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
            let owner = FileDescriptor(owning: fd)
            var offset = 0
            while offset < bytes.count {
                offset += try Syscall.call {
                    bytes[offset...].withUnsafeBytes { Glibc.write(owner.rawValue, $0.baseAddress, $0.count) }
                }
            }
            try Syscall.call { fsync(owner.rawValue) }
            owner.close()
            try Syscall.call { rename(temporary, path) }
        } catch {
            unlink(temporary)
            throw error
        }
        syncDirectory(of: path)
    }

    /// Deletes `path`; a file that is already gone counts as deleted.
    public static func remove(_ path: String) throws(Errno) {
        if unlink(path) != 0, errno != ENOENT { throw Errno.current }
        syncDirectory(of: path)
    }

    /// True when `path` names an existing file.
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Makes the rename (or unlink) itself durable; best effort, since some file systems refuse fsync on a directory.
    private static func syncDirectory(of path: String) {
        let directory = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        let fd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        let owner = FileDescriptor(owning: fd)
        _ = fsync(owner.rawValue)
    }
}
