/// An in-process server with the staging options (Unix socket, token, read-only, allowlist) and ways to reach it.
import FaultlineAdmin
import FaultlineCore
import FaultlinePosix
import FaultlineServer
import Glibc

final class GatedServer: Sendable {
    let handle: ServerHandle
    let logs = LogCapture()
    let socketPath: String?

    /// `tcp: false` leaves the admin API on the Unix socket alone.
    init(gate: AdminGate = AdminGate(), socket: AdminSocket? = nil, tcp: Bool = true) throws {
        var config = ServerConfig(adminHost: tcp ? "127.0.0.1" : nil, adminPort: 0)
        config.adminGate = gate
        config.adminSocket = socket
        socketPath = socket?.path
        handle = try ServerHandle.start(config: config, logger: logs.logger)
    }

    deinit { handle.stop() }

    /// A keep-alive client over TCP from 127.0.0.1 (or `source`).
    func tcp(from source: String = "127.0.0.1") throws -> AdminClient {
        guard let port = handle.adminPort else { throw BlockingSocket.Failure.closed }
        return AdminClient(socket: try BlockingSocket.connect(port: port, from: source))
    }

    /// A keep-alive client over the Unix socket.
    func unix() throws -> AdminClient {
        guard let path = socketPath else { throw BlockingSocket.Failure.closed }
        return AdminClient(socket: try BlockingSocket.connect(unixPath: path))
    }

    /// Removes what `socketPath()` made: the file at `path` (if any) and its directory.
    static func remove(socketPath path: String) {
        unlink(path)
        if let slash = path.lastIndex(of: "/") { rmdir(String(path[..<slash])) }
    }

    /// A path for a socket in a fresh private directory.
    static func socketPath() throws -> String {
        var template = Array("/tmp/faultline-sock-XXXXXX".utf8CString)
        guard let directory = mkdtemp(&template) else { throw BlockingSocket.Failure.errno(errno) }
        return String(cString: directory) + "/admin.sock"
    }
}

extension BlockingSocket {
    /// Connects to 127.0.0.1:`port` from the loopback address `source` (127.0.0.0/8 is all ours on Linux).
    static func connect(port: UInt16, from source: String) throws -> BlockingSocket {
        let fd = socket(AF_INET, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure.errno(errno) }
        let sock = BlockingSocket(fd: fd)
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, source, &local.sin_addr)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
        guard bound == 0 else { throw Failure.errno(errno) }
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, size) }
        }
        guard connected == 0 else { throw Failure.errno(errno) }
        return sock
    }

    /// A blocking connection to a Unix socket.
    static func connect(unixPath: String) throws -> BlockingSocket {
        let socket = try LocalSocket.connect(path: unixPath, timeout: .seconds(5))
        let fd = socket.release()
        // LocalSocket's sockets are non-blocking; these tests read and write blocking.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return BlockingSocket(fd: fd)
    }
}
