/// A listening socket on 127.0.0.1 and a free port, for the peers tests run (echo servers, HTTP servers).
import Glibc

public enum LoopbackListener {
    /// Binds 127.0.0.1:0 and listens; returns the descriptor (close-on-exec) and the port the kernel chose.
    public static func open(backlog: CInt = 1024) throws -> (fd: CInt, port: UInt16) {
        let fd = socket(AF_INET, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Subprocess.Failure(description: "socket: errno \(errno)") }
        var one: CInt = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<CInt>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, backlog) == 0 else {
            let error = errno
            close(fd)
            throw Subprocess.Failure(description: "listen on 127.0.0.1:0: errno \(error)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }
}
