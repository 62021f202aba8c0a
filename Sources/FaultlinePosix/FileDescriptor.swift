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

    /// Gives up ownership without closing (the number is handed to another owner, e.g. another loop).
    public consuming func release() -> CInt {
        let raw = rawValue
        discard self
        return raw
    }
}
