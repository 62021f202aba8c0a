/// A kernel pipe used as the in-between buffer of splice(2): socket → pipe → socket without user-space copies.
import CFaultlineLinux
import Glibc

public final class Pipe {
    public let readEnd: FileDescriptor
    public let writeEnd: FileDescriptor
    /// Bytes the pipe can hold (after F_SETPIPE_SZ, which may grant less than asked).
    public let capacity: Int

    /// A non-blocking, close-on-exec pipe of about `size` bytes.
    public init(size: Int) throws(Errno) {
        var fds: [CInt] = [-1, -1]
        try Syscall.call { cfl_pipe_nonblocking(&fds) }
        readEnd = FileDescriptor(owning: fds[0])
        writeEnd = FileDescriptor(owning: fds[1])
        let granted = cfl_set_pipe_size(fds[1], CInt(size))
        capacity = granted > 0 ? Int(granted) : 65536
    }

    /// Reads buffered bytes out of the pipe into user space (leaving the fast path).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> IOResult<Int> {
        try Syscall.io { Glibc.read(readEnd.rawValue, buffer.baseAddress, buffer.count) }
    }
}

public enum Splice {
    /// Moves up to `count` bytes from `source` to `destination` (one of them a pipe), non-blocking.
    /// `.processed(0)` from a socket is EOF. EINVAL means the kernel refuses splice for this pair.
    public static func move(from source: CInt, to destination: CInt, count: Int) throws(Errno) -> IOResult<Int> {
        try Syscall.io { cfl_splice(source, destination, count, cfl_splice_move | cfl_splice_nonblock) }
    }
}
