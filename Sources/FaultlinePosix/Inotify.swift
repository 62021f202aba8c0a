/// inotify(7): a readable descriptor on the loop whenever something changes in the watched directories.
import Glibc

/// Watches directories, not files: a file replaced by rename (an editor's save, a Kubernetes ConfigMap's atomic
/// swap of its `..data` link) is a new inode that a watch on the old one would never report.
public struct Inotify: ~Copyable {
    public let descriptor: FileDescriptor

    /// Entries created, written, moved, deleted or changed (attributes) in a watched directory.
    static let mask = UInt32(IN_CREATE | IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB)
        | UInt32(IN_DELETE_SELF | IN_MOVE_SELF)

    public init() throws(Errno) {
        descriptor = FileDescriptor(owning: try Syscall.call { inotify_init1(CInt(IN_NONBLOCK | IN_CLOEXEC)) })
    }

    /// Starts watching `directory`; returns the watch descriptor (the same one when it is already watched).
    @discardableResult
    public func watch(directory: String) throws(Errno) -> CInt {
        let fd = descriptor.rawValue
        return try Syscall.call { inotify_add_watch(fd, directory, Self.mask) }
    }

    public func unwatch(_ watch: CInt) {
        _ = inotify_rm_watch(descriptor.rawValue, watch)
    }

    /// Reads every pending event and returns how many there were (the caller re-examines its files anyway).
    public func drain() -> Int {
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        var events = 0
        let fd = descriptor.rawValue
        while true {
            let result = try? Syscall.io { buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) } }
            guard case .processed(let count)? = result, count > 0 else { return events }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= count {
                let length = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) }
                offset += header + Int(length)
                events += 1
            }
        }
    }
}
