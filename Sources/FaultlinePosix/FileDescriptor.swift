/// Ownership of one kernel descriptor: closed exactly once, when its owner is done with it.
import Glibc

public struct FileDescriptor: ~Copyable, Sendable {
    public let rawValue: CInt

    public init(owning rawValue: CInt) { self.rawValue = rawValue }

    /// close(2) cannot usefully fail here: on Linux the descriptor is released even when it reports EINTR or
    /// EIO, so retrying could close a descriptor another thread just received.
    deinit { _ = Glibc.close(rawValue) }

    /// Closes now rather than when the value goes out of scope.
    public consuming func close() {}

    /// A second descriptor for the same open file, close-on-exec (`F_DUPFD_CLOEXEC`): each loop that polls one
    /// listening socket owns its own copy, so each can deregister and close it independently.
    public func duplicate() throws(Errno) -> FileDescriptor {
        let fd = rawValue
        return FileDescriptor(owning: try Syscall.call { fcntl(fd, F_DUPFD_CLOEXEC, 0) })
    }

    /// Gives up ownership without closing (the number is handed to another owner, e.g. another loop).
    public consuming func release() -> CInt {
        let raw = rawValue
        discard self
        return raw
    }
}
