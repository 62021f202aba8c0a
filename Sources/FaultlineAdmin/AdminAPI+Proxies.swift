/// The proxy routes: /proxies, /proxies/:proxy, /populate, /reset, /version.
import FaultlineCore
import FaultlineHTTP

extension AdminAPI {
    /// `{"version": "2.12.0"}\n` (the space and the newline are Toxiproxy's), no space in the content type.
    func version() -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: [("Content-Type", "application/json;charset=utf-8")],
            body: Array("{\"version\": \"\(apiVersion)\"}\n".utf8)
        )
    }

    /// An object of name → proxy, keys in byte order (Go sorts map keys); `{}` when empty.
    func proxyIndex() -> HTTPResponse {
        let proxies = control.listProxies().sorted { $0.name.isBytewiseLess(than: $1.name) }
        var writer = JSONWriter()
        writer.raw("{")
        for (index, proxy) in proxies.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.key(proxy.name)
            proxy.writeJSON(into: &writer)
        }
        writer.raw("}")
        return Self.json(writer.bytes)
    }

    /// 201 with the proxy; 400 (body, name, upstream), 409, then 500 for bind errors.
    func createProxy(body: [UInt8]) throws(FaultlineError) -> HTTPResponse {
        let spec = try ProxySpec.decodeCreateBody(body)
        return Self.json(try control.createProxy(spec).wireJSON, status: .created)
    }

    /// Validates the whole body first; the control adds or replaces one proxy at a time.
    func populate(body: [UInt8]) -> HTTPResponse {
        do throws(FaultlineError) {
            let specs = try ProxySpec.decodePopulateBody(body)
            let outcome = control.populate(specs)
            return Self.populateResponse(proxies: outcome.proxies, error: outcome.error)
        } catch {
            return Self.populateResponse(proxies: [], error: error)
        }
    }

    func showProxy(_ name: String) throws(FaultlineError) -> HTTPResponse {
        Self.json(try control.proxy(named: name).wireJSON)
    }

    /// The proxy must exist before the body is read; the body is merged over its current values.
    func updateProxy(_ name: String, body: [UInt8]) throws(FaultlineError) -> HTTPResponse {
        let current = try control.proxy(named: name)
        // `dns`, `udp` and `tls` start out nil: set only when the body gives a new block (nil keeps the current one).
        let merged = try ProxySpec(
            name: current.name,
            listen: current.listen,
            upstream: current.upstream,
            enabled: current.enabled,
            kind: current.kind
        ).applyingUpdateBody(body)
        let update = ProxyUpdate(
            listen: merged.listen, upstream: merged.upstream, enabled: merged.enabled, dns: merged.dns, udp: merged.udp,
            tls: merged.tls)
        return Self.json(try control.updateProxy(named: name, to: update).wireJSON)
    }

    func deleteProxy(_ name: String) throws(FaultlineError) -> HTTPResponse {
        try control.deleteProxy(named: name)
        return HTTPResponse(status: .noContent)
    }

    /// Any body is ignored.
    func reset() throws(FaultlineError) -> HTTPResponse {
        try control.reset()
        return HTTPResponse(status: .noContent)
    }

    /// Prometheus text of the counters; the route answers 404 while metrics are disabled.
    func metrics() -> HTTPResponse {
        guard let snapshot = control.metrics() else { return Self.notFoundPage }
        return HTTPResponse(
            status: .ok,
            headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
            body: Array(PrometheusText.render(snapshot).utf8)
        )
    }
}
