/// `GET /ui` and `GET /ui/state`: the page with this process's token, and the live table it polls.
import FaultlineCore
import FaultlineHTTP

enum DashboardPage {
    /// The page, built once per process. The headers keep it to itself: no caching (a restarted server has a new
    /// token), no framing (clickjacking), only its own script and style (by hash) and same-origin fetches.
    static func response(token: String) -> HTTPResponse {
        let page = DashboardAssets.beforeToken + token + DashboardAssets.afterToken
        return HTTPResponse(
            status: .ok,
            headers: [
                ("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"),
                ("Content-Security-Policy", DashboardAssets.contentSecurityPolicy),
                ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer"),
                ("Cross-Origin-Resource-Policy", "same-origin"), ("X-Content-Type-Options", "nosniff"),
            ],
            body: Array(page.utf8))
    }

    /// `{"sampled_ms":N|null,"proxies":[proxy, …],"traffic":{name:{"connections":N,"upstream":{"received":N,
    /// "sent":N},"downstream":{…}}}}`: every proxy as `GET /proxies/{proxy}` writes it, sorted by name, and the
    /// counters of the latest sample (bytes since the proxy was created; the page turns them into rates).
    static func stateJSON(proxies: [ProxySnapshot], traffic: TrafficSample?) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"sampled_ms\":")
        if let traffic { writer.raw(String(traffic.takenAtMilliseconds)) } else { writer.raw("null") }
        writer.raw(",\"proxies\":[")
        for (index, proxy) in proxies.enumerated() {
            if index > 0 { writer.raw(",") }
            proxy.writeJSON(into: &writer)
        }
        writer.raw("],\"traffic\":{")
        let counted = proxies.compactMap { proxy in traffic?.proxies[proxy.name].map { (proxy.name, $0) } }
        for (index, (name, counters)) in counted.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.key(name)
            writer.raw("{\"connections\":\(counters.connections)")
            for direction in [Direction.upstream, .downstream] {
                writer.raw(",")
                writer.key(direction.rawValue)
                writer.raw("{\"received\":\(counters.received[direction]),\"sent\":\(counters.sent[direction])}")
            }
            writer.raw("}")
        }
        writer.raw("}}")
        return writer.bytes
    }

    /// Headers of the state document: never cached, never readable by another origin's `no-cors` request.
    static let stateHeaders: HTTPHeaders = [
        ("Content-Type", "application/json"), ("Cache-Control", "no-store"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
}
