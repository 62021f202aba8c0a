/// eventfd(2): a counter another thread can bump to wake the loop.
import CFaultlineLinux
import Glibc

public enum EventFD {
    public static func create() throws(Errno) -> FileDescriptor {
        FileDescriptor(owning: try Syscall.call { eventfd(0, CInt(EFD_NONBLOCK) | CInt(EFD_CLOEXEC)) })
    }

    /// Adds one to the counter; a full counter (EAGAIN) already means "wake up", so it is not an error.
    public static func signal(_ fd: CInt) {
        var one: UInt64 = 1
        _ = try? Syscall.io { Glibc.write(fd, &one, MemoryLayout<UInt64>.size) }
    }

    /// Resets the counter to zero.
    public static func drain(_ fd: CInt) {
        var value: UInt64 = 0
        _ = try? Syscall.io { Glibc.read(fd, &value, MemoryLayout<UInt64>.size) }
    }
}
