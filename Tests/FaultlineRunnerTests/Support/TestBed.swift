/// A loopback HTTP server behind an in-process Faultline proxy `web`, plus a client of its admin API.
import FaultlineClient
import FaultlineCore
import FaultlineServer
import Logging

final class TestBed: Sendable {
    let web: LoopbackHTTPServer
    let server: ServerHandle
    let adminPort: UInt16
    /// The listen port of each proxy, by name (`web` first, then the extra ones, all in front of `web`'s server).
    let proxyPorts: [String: UInt16]

    init(
        extraProxies: [String] = [],
        answer: @escaping @Sendable (String) -> LoopbackHTTPServer.Answer = { _ in
            .respond(status: 200, body: "ok")
        }
    ) throws {
        let web = try LoopbackHTTPServer(answer)
        self.web = web
        let logger = Logger(label: "runner-tests") { _ in SwiftLogNoOpLogHandler() }
        let specs = (["web"] + extraProxies).map {
            ProxySpec(name: $0, listen: "127.0.0.1:0", upstream: "127.0.0.1:\(web.port)")
        }
        server = try ServerHandle.start(
            config: ServerConfig(adminHost: "127.0.0.1", adminPort: 0), logger: logger, proxies: specs)
        guard let port = server.adminPort else { throw TestFailure("the server has no admin port") }
        adminPort = port
        let client = Client(endpoint: Endpoint(host: "127.0.0.1", port: port))
        var ports: [String: UInt16] = [:]
        for proxy in try client.proxies() { ports[proxy.name] = proxy.listenPort }
        proxyPorts = ports
    }

    var admin: String { "http://127.0.0.1:\(adminPort)" }

    var client: Client { Client(endpoint: Endpoint(host: "127.0.0.1", port: adminPort)) }

    /// `http://127.0.0.1:<web proxy port>/`: a probe through Faultline.
    var webURL: String { "http://127.0.0.1:\(proxyPorts["web"] ?? 0)/" }

    /// Every `proxy/toxic` name on the server that a run added (`flx-…`), and every disabled proxy.
    func leftovers() throws -> (toxics: [String], disabled: [String]) {
        let proxies = try client.proxies()
        let toxics = proxies.flatMap { proxy in
            proxy.toxics.filter { $0.name.hasPrefix("flx-") }.map { "\(proxy.name)/\($0.name)" }
        }
        return (toxics, proxies.filter { !$0.enabled }.map(\.name))
    }

    deinit {
        server.stop()
        web.stop()
    }
}
