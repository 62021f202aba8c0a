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

extension TCPSocket {
    /// The connected peer's address (an admin client, for `--admin-allow`).
    public func peerAddress() throws(Errno) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = rawValue
        _ = try withUnsafeMutablePointer(to: &storage) { pointer throws(Errno) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(Errno) in
                try Syscall.call { getpeername(fd, address, &length) }
            }
        }
        return SocketAddress(storage: storage, length: length)
    }
}

extension SocketAddress {
    /// The address's bytes in network order: 4 for IPv4, 16 for IPv6, none for other families.
    public var addressBytes: [UInt8] {
        withUnsafeBytes(of: storage) { raw in
            if family == AF_INET6 {
                let offset = MemoryLayout<sockaddr_in6>.offset(of: \sockaddr_in6.sin6_addr) ?? 8
                return Array(raw[offset..<(offset + 16)])
            }
            if family == AF_INET {
                let offset = MemoryLayout<sockaddr_in>.offset(of: \sockaddr_in.sin_addr) ?? 4
                return Array(raw[offset..<(offset + 4)])
            }
            return []
        }
    }
}
