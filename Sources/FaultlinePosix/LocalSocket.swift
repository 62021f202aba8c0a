/// Unix-domain stream sockets for the admin API: listen on a path with a chosen mode and group, connect to one.
import Glibc

/// The sockets are `TCPSocket` values (a non-blocking stream socket: read, write, accept work the same); only how
/// they are made differs.
public enum LocalSocket {
    /// Binds `path` and listens, the file made `mode` (and `group`, when given) before `listen(2)`: until then a
    /// connect is refused, so no client ever reaches the socket under looser permissions.
    ///
    /// A socket file left by a server that is gone is replaced; one a live server answers on is `EADDRINUSE`, and a
    /// path that exists but is not a socket is `EEXIST`.
    public static func listen(path: String, mode: mode_t, group: gid_t?, backlog: CInt = 128) throws(Errno)
        -> TCPSocket
    {
        var address = try socketAddress(path)
        if let status = try? FileStatus.ofLink(path) {
            guard status.isSocket else { throw Errno(rawValue: EEXIST) }
            if (try? connect(path: path, timeout: .milliseconds(200))) != nil { throw Errno.addressInUse }
            try Syscall.call { unlink(path) }
        }
        let socket = try TCPSocket(family: AF_UNIX)
        let fd = socket.rawValue
        _ = try withUnsafePointer(to: &address) { pointer throws(Errno) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw throws(Errno) in
                try Syscall.call { bind(fd, raw, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }
        do throws(Errno) {
            if let group { try Syscall.call { chown(path, uid_t.max, group) } }
            try Syscall.call { chmod(path, mode) }
            try Syscall.call { Glibc.listen(fd, backlog) }
        } catch {
            unlink(path)
            throw error
        }
        return socket
    }

    /// Connects to the socket at `path`, waiting at most `timeout` (a full backlog makes a connect wait).
    public static func connect(path: String, timeout: Duration) throws(Errno) -> TCPSocket {
        var address = try socketAddress(path)
        let socket = try TCPSocket(family: AF_UNIX)
        let fd = socket.rawValue
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                Glibc.connect(fd, raw, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result != 0 {
            let error = Errno.current
            guard error == .inProgress || error == .wouldBlock else { throw error }
            guard try socket.waitWritable(timeout: timeout) else { throw .timedOut }
            if let pending = socket.pendingError() { throw pending }
        }
        return socket
    }

    /// `sockaddr_un` for `path`; a path longer than `sun_path` holds is `ENAMETOOLONG`.
    private static func socketAddress(_ path: String) throws(Errno) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity, !bytes.contains(0) else { throw Errno(rawValue: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return address
    }
}
