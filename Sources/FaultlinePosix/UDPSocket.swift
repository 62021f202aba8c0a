/// A non-blocking UDP socket: bind, connect, receive with the sender's address, send to an address.
import CFaultlineLinux
import Glibc

public struct UDPSocket: ~Copyable, Sendable {
    public let descriptor: FileDescriptor
    public var rawValue: CInt { descriptor.rawValue }

    /// A new non-blocking, close-on-exec datagram socket of `family`, not yet bound (sending binds it).
    public init(family: CInt) throws(Errno) {
        let type = CInt(SOCK_DGRAM.rawValue) | CInt(SOCK_NONBLOCK.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
        let fd = try Syscall.call { socket(family, type, 0) }
        descriptor = FileDescriptor(owning: fd)
    }

    /// Takes ownership of a datagram socket made elsewhere (another loop's duplicate of a bound socket).
    public init(owning descriptor: consuming FileDescriptor) {
        self.descriptor = descriptor
    }

    /// Binds `address`. Wildcard IPv6 addresses take IPv4 datagrams too (dual stack), like the TCP listeners.
    public static func bind(on address: SocketAddress) throws(Errno) -> UDPSocket {
        let socket = try UDPSocket(family: address.family)
        if address.family == AF_INET6 && address.isWildcard {
            try socket.setOption(CInt(IPPROTO_IPV6), IPV6_V6ONLY, 0)
        }
        let fd = socket.rawValue
        _ = try address.withSockaddr { pointer, length throws(Errno) in
            try Syscall.call { Glibc.bind(fd, pointer, length) }
        }
        return socket
    }

    /// Receives one datagram into `buffer`. A datagram larger than the buffer is consumed and reported with
    /// its real length (`count > buffer.count`), so the caller can tell it was cut and drop it.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> IOResult<Datagram> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = rawValue
        let result = try withUnsafeMutablePointer(to: &storage) { pointer throws(Errno) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(Errno) in
                try Syscall.io { recvfrom(fd, buffer.baseAddress, buffer.count, CInt(MSG_TRUNC), address, &length) }
            }
        }
        switch result {
        case .wouldBlock: return .wouldBlock
        case .processed(let count):
            return .processed(Datagram(count: count, sender: SocketAddress(storage: storage, length: length)))
        }
    }

    /// Sends one datagram to `address`; `.wouldBlock` when the socket's send buffer is full.
    public func send(_ bytes: UnsafeRawBufferPointer, to address: SocketAddress) throws(Errno) -> IOResult<Int> {
        let fd = rawValue
        return try address.withSockaddr { pointer, length throws(Errno) in
            try Syscall.io { sendto(fd, bytes.baseAddress, bytes.count, CInt(MSG_NOSIGNAL), pointer, length) }
        }
    }

    /// A socket connected to `address` (a UDP proxy session's upstream side): it receives only that peer's datagrams,
    /// and an ICMP error for what it sent comes back as ECONNREFUSED on its next call.
    public static func connected(to address: SocketAddress) throws(Errno) -> UDPSocket {
        let socket = try UDPSocket(family: address.family)
        let fd = socket.rawValue
        _ = try address.withSockaddr { pointer, length throws(Errno) in
            try Syscall.call { Glibc.connect(fd, pointer, length) }
        }
        return socket
    }

    /// Asks for a receive buffer of `bytes`: past `net.core.rmem_max` only with CAP_NET_ADMIN (tried first), else up
    /// to that limit. Best effort: a busy listener drops less while its loop is elsewhere.
    public func requestReceiveBuffer(_ bytes: Int) {
        let value = CInt(clamping: bytes)
        if (try? setOption(SOL_SOCKET, SO_RCVBUFFORCE, value)) == nil {
            try? setOption(SOL_SOCKET, SO_RCVBUF, value)
        }
    }

    public func setOption(_ level: CInt, _ name: CInt, _ value: CInt) throws(Errno) {
        try SocketCalls.setOption(rawValue, level, name, value)
    }

    /// The address the socket is bound to (the real port after binding port 0).
    public func localAddress() throws(Errno) -> SocketAddress {
        try SocketCalls.localAddress(rawValue)
    }
}

/// One received datagram: its full length (which may exceed the buffer) and who sent it.
public struct Datagram: Sendable {
    public var count: Int
    public var sender: SocketAddress

    public init(count: Int, sender: SocketAddress) {
        self.count = count
        self.sender = sender
    }
}
