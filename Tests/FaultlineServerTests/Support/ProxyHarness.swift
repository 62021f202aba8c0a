/// Starts a Faultline server in-process for a test, with proxies on ephemeral ports, and finds their ports.
import FaultlineAdmin
import FaultlineCore
import FaultlineServer
import Logging

final class ProxyHarness: Sendable {
    let server: ServerHandle
    let logs: LogCapture

    init(_ proxies: [ProxySpec], config: ServerConfig = ServerConfig(adminHost: nil)) throws {
        let logs = LogCapture()
        self.logs = logs
        server = try ServerHandle.start(config: config, logger: logs.logger, proxies: proxies)
    }

    /// A proxy named `name` from 127.0.0.1:0 to the given upstream port.
    static func spec(_ name: String = "p", upstream: String, toxics: [ToxicSpec] = []) -> ProxySpec {
        ProxySpec(name: name, listen: "127.0.0.1:0", upstream: upstream, toxics: toxics)
    }

    func port(_ name: String = "p") throws -> UInt16 {
        let listen = try server.control { control throws(FaultlineError) in try control.proxy(named: name).listen }
        guard let text = listen.split(separator: ":").last, let port = UInt16(text) else {
            throw FaultlineError.internalError("no port in \(listen)")
        }
        return port
    }

    func connect(_ name: String = "p") throws -> BlockingSocket {
        try BlockingSocket.connect(port: try port(name))
    }

    /// Active connections of a proxy, read on the loop.
    func activeConnections(_ name: String = "p") -> Int {
        server.perform { $0.connectionCount(proxy: name) }
    }

    deinit { server.stop() }
}
