/// An in-process server with one proxy in front of an `HTTPUpstream`, and shorthands for HTTP toxics and clients.
import FaultlineCore
import FaultlineServer

final class HTTPHarness: Sendable {
    let origin: HTTPUpstream
    let proxy: ProxyHarness

    /// `toxics` are API bodies (`{"type":"http_abort","attributes":{…}}`), installed at boot.
    init(toxics: [String] = [], seed: UInt64 = 0, directionBudget: Int = 16 << 20, threads: Int = 1) throws {
        origin = try HTTPUpstream()
        let specs = try toxics.map { body throws(FaultlineError) in try ToxicSpec.decodeCreateBody(Array(body.utf8)).toxic }
        let config = ServerConfig(
            adminHost: nil, seed: seed, directionBudget: directionBudget, proxyMetrics: true, threads: threads)
        proxy = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(origin.port)", toxics: specs)], config: config)
    }

    /// A new client connection with a reader for its responses.
    func client() throws -> HTTPReader { HTTPReader(try proxy.connect()) }

    /// Sends one request on `client` and reads its response.
    func exchange(_ client: HTTPReader, _ method: String = "GET", _ path: String, headers: [String] = [],
                  timeout: Double = 10) throws -> HTTPReader.Response {
        try client.socket.send(HTTPReader.request(method, path, headers: headers))
        return try client.readResponse(head: method == "HEAD", timeout: timeout)
    }

    @discardableResult
    func add(_ body: String) throws -> ToxicSpec {
        let spec = try ToxicSpec.decodeCreateBody(Array(body.utf8)).toxic
        return try proxy.server.control { control throws(FaultlineError) in try control.addToxic(spec, to: "p") }
    }

    func remove(_ name: String) throws { try proxy.remove(name) }

    /// The proxy's HTTP figures as /metrics reports them.
    var figures: MetricsSnapshot.HTTP {
        proxy.server.perform { server in server.metrics()?.proxies.first { $0.name == "p" }?.http ?? .init() }
    }

    func faults(_ toxic: String, _ type: String) -> UInt64 { figures.faults[.init(toxic: toxic, type: type)] ?? 0 }
}

extension HTTPReader {
    /// True when the connection ended with RST (ECONNRESET) rather than data or a clean EOF.
    func endsWithReset(timeout: Double = 5) -> Bool {
        do {
            _ = try rest(timeout: timeout)
            return false
        } catch BlockingSocket.Failure.errno(let code) {
            return code == 104  // ECONNRESET
        } catch {
            return false
        }
    }
}
