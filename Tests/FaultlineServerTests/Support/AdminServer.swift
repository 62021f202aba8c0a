/// A whole Faultline server in-process with its admin API on an ephemeral loopback port, as clients see it.
import FaultlineCore
import FaultlineServer
import Glibc
import Logging

final class AdminServer: Sendable {
    let handle: ServerHandle
    let logs: LogCapture
    let port: UInt16
    let ports = PortBook()

    init(
        proxyMetrics: Bool = false, runtimeMetrics: Bool = false, timeouts: AdminTimeouts = AdminTimeouts(),
        threads: Int = 1
    ) throws {
        let logs = LogCapture()
        self.logs = logs
        let config = ServerConfig(
            adminHost: "127.0.0.1",
            adminPort: 0,
            proxyMetrics: proxyMetrics,
            runtimeMetrics: runtimeMetrics,
            adminTimeouts: timeouts,
            threads: threads
        )
        handle = try ServerHandle.start(config: config, logger: logs.logger)
        guard let port = handle.adminPort else { throw BlockingSocket.Failure.closed }
        self.port = port
    }

    deinit { handle.stop() }

    func client() throws -> AdminClient { try AdminClient(port: port) }

    /// One request on a fresh connection; the answer normalised with this server's port book.
    func exchange(
        _ method: String,
        _ target: String,
        _ body: String? = nil,
        userAgent: String? = "test"
    ) throws -> String {
        try client().send(method, target, body, userAgent: userAgent).normalized(ports)
    }

    /// Creates `name` on 127.0.0.1:0 and returns its bound port (named after the proxy in the port book).
    @discardableResult
    func createProxy(_ name: String, upstream: String, on client: AdminClient? = nil) throws -> UInt16 {
        let body = "{\"name\":\"\(name)\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"\(upstream)\"}"
        let response = try (client ?? self.client()).send("POST", "/proxies", body)
        guard response.status == 201, let port = ports.learnListen(in: response, as: name) else {
            throw BlockingSocket.Failure.closed
        }
        return port
    }

    /// Live connections of a proxy, read on the loop.
    func activeConnections(_ name: String) -> Int { handle.perform { $0.connectionCount(proxy: name) } }
}

/// Loopback ports for tests that need a specific one: free, or held busy by a listener.
enum LoopbackPort {
    /// A port that was free a moment ago (bound to 127.0.0.1:0 and closed again).
    static func free() throws -> UInt16 {
        let holder = try Holder()
        return holder.port
    }

    /// A listening socket that keeps its port in use until released.
    final class Holder: Sendable {
        let port: UInt16
        private let fd: CInt

        init() throws {
            let fd = socket(AF_INET, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
                }
            }
            guard bound else {
                let code = errno
                close(fd)
                throw BlockingSocket.Failure.errno(code)
            }
            self.fd = fd
            port = UInt16(bigEndian: address.sin_port)
        }

        deinit { close(fd) }
    }
}
