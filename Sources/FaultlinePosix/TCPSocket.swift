/// A non-blocking TCP socket: listen, accept, connect, read, write, half-close and abortive close.
import CFaultlineLinux
import Glibc

public struct TCPSocket: ~Copyable, Sendable {
    public let descriptor: FileDescriptor
    public var rawValue: CInt { descriptor.rawValue }

    public init(owning descriptor: consuming FileDescriptor) { self.descriptor = descriptor }

    /// Gives up ownership of the descriptor without closing it (see `FileDescriptor.release()`).
    public consuming func release() -> CInt { descriptor.release() }

    /// A new non-blocking, close-on-exec stream socket of the address's family.
    public init(family: CInt) throws(Errno) {
        let fd = try Syscall.call { socket(family, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_NONBLOCK.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0) }
        descriptor = FileDescriptor(owning: fd)
    }

    /// Binds and listens. Wildcard IPv6 addresses accept IPv4 too (dual stack), as Go's listeners do. Never
    /// SO_REUSEPORT: a port another socket or process holds must stay refused, or the kernel would split
    /// connections between the two listeners at random.
    public static func listen(on address: SocketAddress, backlog: CInt = 4096) throws(Errno) -> TCPSocket {
        let socket = try TCPSocket(family: address.family)
        try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
        // Accepted sockets inherit TCP_NODELAY from the listener: one setsockopt per listener, not per client.
        socket.setNoDelay()
        if address.family == AF_INET6 && address.isWildcard {
            try socket.setOption(CInt(IPPROTO_IPV6), IPV6_V6ONLY, 0)
        }
        let fd = socket.rawValue
        _ = try address.withSockaddr { pointer, length throws(Errno) in
            try Syscall.call { bind(fd, pointer, length) }
        }
        try Syscall.call { Glibc.listen(socket.rawValue, backlog) }
        return socket
    }

    /// Accepts one pending connection, non-blocking and close-on-exec.
    public func accept() throws(Errno) -> AcceptResult {
        let result = try Syscall.io { cfl_accept_nonblocking(rawValue, nil, nil) }
        switch result {
        case .wouldBlock: return .wouldBlock
        case .processed(let fd): return .accepted(TCPSocket(owning: FileDescriptor(owning: fd)))
        }
    }

    /// Accepts one pending connection as `accept()` does, and stores the client's address bytes (4 or 16; empty for
    /// other families) in `peer`: accept4 writes the address anyway, so knowing the client costs no system call.
    public func accept(peer: inout [UInt8]) throws(Errno) -> AcceptResult {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = rawValue
        let result = try withUnsafeMutablePointer(to: &storage) { pointer throws(Errno) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(Errno) in
                try Syscall.io { cfl_accept_nonblocking(fd, address, &length) }
            }
        }
        switch result {
        case .wouldBlock: return .wouldBlock
        case .processed(let fd):
            peer = SocketAddress(storage: storage, length: length).addressBytes
            return .accepted(TCPSocket(owning: FileDescriptor(owning: fd)))
        }
    }

    /// Starts a non-blocking connect. `.inProgress` means: wait for writable, then read `pendingError()`.
    public func connect(to address: SocketAddress) throws(Errno) -> ConnectProgress {
        let result = address.withSockaddr { pointer, length in Glibc.connect(rawValue, pointer, length) }
        if result == 0 { return .connected }
        let error = Errno.current
        if error == .inProgress || error == .interrupted { return .inProgress }
        throw error
    }

    /// Where a non-blocking connect stands right now, by a zero-timeout poll: a loopback connect has usually
    /// completed by the time connect(2) returns EINPROGRESS, and checking saves a trip through epoll.
    public func connectState() -> ConnectState {
        var descriptor = pollfd(fd: rawValue, events: Int16(POLLOUT), revents: 0)
        guard poll(&descriptor, 1, 0) == 1 else { return .pending }
        if descriptor.revents & Int16(POLLERR | POLLHUP) != 0 { return .failed }
        return descriptor.revents & Int16(POLLOUT) != 0 ? .connected : .pending
    }

    /// SO_ERROR: the outcome of a finished non-blocking connect (nil = connected).
    public func pendingError() -> Errno? {
        var value: CInt = 0
        var length = socklen_t(MemoryLayout<CInt>.size)
        guard getsockopt(rawValue, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else { return Errno.current }
        return value == 0 ? nil : Errno(rawValue: value)
    }

    /// Reads into `buffer`; `.processed(0)` is EOF.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> IOResult<Int> {
        try Syscall.io { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes from `buffer` without raising SIGPIPE.
    public func write(_ buffer: UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int> {
        try Syscall.io { send(rawValue, buffer.baseAddress, buffer.count, CInt(MSG_NOSIGNAL)) }
    }

    /// Writes `buffers` in order with one sendmsg(2) (a gathered write), without raising SIGPIPE.
    public func write(gathering buffers: [UnsafeRawBufferPointer]) throws(Errno) -> IOResult<Int> {
        guard buffers.count > 1 else { return try write(buffers.first ?? UnsafeRawBufferPointer(start: nil, count: 0)) }
        let fd = rawValue
        return try withUnsafeTemporaryAllocation(of: iovec.self, capacity: buffers.count) { vectors throws(Errno) in
            for (index, buffer) in buffers.enumerated() {
                vectors[index] = iovec(iov_base: UnsafeMutableRawPointer(mutating: buffer.baseAddress), iov_len: buffer.count)
            }
            var message = msghdr()
            message.msg_iov = vectors.baseAddress
            message.msg_iovlen = buffers.count
            return try Syscall.io { sendmsg(fd, &message, CInt(MSG_NOSIGNAL)) }
        }
    }

    /// Half-close: our peer reads EOF, and we can still read what it sends.
    public func shutdownWrite() {
        _ = Glibc.shutdown(rawValue, CInt(SHUT_WR))
    }

    /// Makes the next close abortive (RST instead of FIN): SO_LINGER {1, 0}.
    public func setLingerZero() {
        var value = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(rawValue, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size))
    }

    public func setNoDelay() {
        var one: CInt = 1
        _ = setsockopt(rawValue, CInt(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<CInt>.size))
    }

    public func setOption(_ level: CInt, _ name: CInt, _ value: CInt) throws(Errno) {
        try SocketCalls.setOption(rawValue, level, name, value)
    }

    /// The address the socket is bound to (the real port after binding port 0).
    public func localAddress() throws(Errno) -> SocketAddress {
        try SocketCalls.localAddress(rawValue)
    }
}

/// The outcome of `accept()`.
public enum AcceptResult: ~Copyable {
    case accepted(TCPSocket)
    case wouldBlock
}

/// A non-blocking connect observed by `connectState()`; `.failed` means "read `pendingError()`".
public enum ConnectState: Equatable, Sendable {
    case pending
    case connected
    case failed
}

/// The outcome of starting a non-blocking connect.
public enum ConnectProgress: Equatable, Sendable {
    case connected
    case inProgress
}
