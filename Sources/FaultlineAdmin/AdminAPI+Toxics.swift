/// The toxic routes: /proxies/:proxy/toxics and /proxies/:proxy/toxics/:toxic.
import FaultlineCore
import FaultlineHTTP

extension AdminAPI {
    /// Upstream toxics first, then downstream (the control keeps that order); `[]` when none.
    func toxicIndex(_ proxy: String) throws(FaultlineError) -> HTTPResponse {
        let toxics = try control.proxy(named: proxy).toxics
        var writer = JSONWriter()
        writer.raw("[")
        for (index, toxic) in toxics.enumerated() {
            if index > 0 { writer.raw(",") }
            toxic.writeJSON(into: &writer)
        }
        writer.raw("]")
        return Self.json(writer.bytes)
    }

    /// 200 (not 201). Toxiproxy's order: proxy 404, body 400, stream 400, type 400, name 409, attributes 400.
    func createToxic(on proxy: String, body: [UInt8]) throws(FaultlineError) -> HTTPResponse {
        let snapshot = try control.proxy(named: proxy)
        // The proxy's kind decides which types exist: DNS listeners have their own (`servfail`, `drop`, …).
        let decoded = try ToxicSpec.decodeCreateBody(body, proxyKind: snapshot.kind)
        if snapshot.toxics.contains(where: { $0.name.isBytewiseEqual(to: decoded.toxic.name) }) {
            throw .toxicAlreadyExists
        }
        if let attributeError = decoded.attributeError { throw attributeError }
        return Self.json(try control.addToxic(decoded.toxic, to: proxy).wireJSON)
    }

    func showToxic(_ name: String, on proxy: String) throws(FaultlineError) -> HTTPResponse {
        Self.json(try toxic(named: name, on: proxy).wireJSON)
    }

    /// Both 404s come before the body is read; the merge is atomic (a 400 changes nothing).
    func updateToxic(_ name: String, on proxy: String, body: [UInt8]) throws(FaultlineError) -> HTTPResponse {
        let patched = try toxic(named: name, on: proxy).applyingPatchBody(body)
        return Self.json(try control.updateToxic(named: name, on: proxy, to: patched).wireJSON)
    }

    func deleteToxic(_ name: String, on proxy: String) throws(FaultlineError) -> HTTPResponse {
        try control.removeToxic(named: name, from: proxy)
        return HTTPResponse(status: .noContent)
    }

    private func toxic(named name: String, on proxy: String) throws(FaultlineError) -> ToxicSpec {
        guard let toxic = try control.proxy(named: proxy).toxics.first(where: { $0.name.isBytewiseEqual(to: name) })
        else { throw .toxicNotFound }
        return toxic
    }
}
