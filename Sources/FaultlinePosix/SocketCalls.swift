/// The socket calls TCP and UDP sockets share: options and the bound address, by descriptor.
import Glibc

enum SocketCalls {
    static func setOption(_ fd: CInt, _ level: CInt, _ name: CInt, _ value: CInt) throws(Errno) {
        var value = value
        try Syscall.call { setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<CInt>.size)) }
    }

    /// The address the socket is bound to (the real port after binding port 0).
    static func localAddress(_ fd: CInt) throws(Errno) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { pointer throws(Errno) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(Errno) in
                try Syscall.call { getsockname(fd, address, &length) }
            }
        }
        return SocketAddress(storage: storage, length: length)
    }
}
