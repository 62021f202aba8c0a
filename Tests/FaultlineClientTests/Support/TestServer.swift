/// A Faultline server started in-process on an ephemeral admin port, and a client pointed at it.
import FaultlineClient
import FaultlineCore
import FaultlineServer
import Logging

final class TestServer: Sendable {
    let handle: ServerHandle
    let port: UInt16

    init(proxies: [ProxySpec] = []) throws {
        let logger = Logger(label: "client-tests") { _ in SwiftLogNoOpLogHandler() }
        handle = try ServerHandle.start(
            config: ServerConfig(adminHost: "127.0.0.1", adminPort: 0), logger: logger, proxies: proxies)
        guard let port = handle.adminPort else { throw TestFailure("the server has no admin port") }
        self.port = port
    }

    /// `127.0.0.1:<admin port>`, as `--host` or `TOXIPROXY_URL` takes it.
    var url: String { "127.0.0.1:\(port)" }

    var client: Client { Client(endpoint: Endpoint(host: "127.0.0.1", port: port)) }

    deinit { handle.stop() }
}

/// A proxy spec on an ephemeral port whose upstream nobody listens on (these tests never send traffic).
func spec(_ name: String, enabled: Bool = true, toxics: [ToxicSpec] = []) -> ProxySpec {
    ProxySpec(name: name, listen: "127.0.0.1:0", upstream: "127.0.0.1:9", enabled: enabled, toxics: toxics)
}

func latency(_ milliseconds: Int64, name: String? = nil, stream: Direction = .downstream) -> ToxicSpec {
    ToxicSpec(name: name, kind: .latency(LatencyAttributes(latency: milliseconds, jitter: 0)), stream: stream)
}
