/// Toxic calls: list, read, add, update, remove, and a scoped toxic for tests that always cleans up.
import FaultlineCore
import FaultlineHTTP

extension Client {
    /// A proxy's toxics, upstream ones first.
    public func toxics(of proxy: String) throws(ClientError) -> [ToxicInfo] {
        guard case .array(let elements) = try json(call(.get, Self.proxyPath(proxy) + "/toxics")) else {
            throw .decoding("GET /proxies/\(proxy)/toxics did not answer an array")
        }
        var toxics: [ToxicInfo] = []
        for element in elements { toxics.append(try ToxicInfo(json: element)) }
        return toxics
    }

    /// One toxic of a proxy.
    public func toxic(named name: String, on proxy: String) throws(ClientError) -> ToxicInfo {
        try ToxicInfo(json: json(call(.get, Self.toxicPath(name, on: proxy))))
    }

    /// Adds a typed toxic; it applies to the proxy's live connections at once.
    @discardableResult
    public func addToxic(_ spec: ToxicSpec, to proxy: String) throws(ClientError) -> ToxicInfo {
        try addToxic(ToxicRequest(spec), to: proxy)
    }

    /// Adds a toxic described generically (any type name and attributes the server accepts).
    @discardableResult
    public func addToxic(_ request: ToxicRequest, to proxy: String) throws(ClientError) -> ToxicInfo {
        try ToxicInfo(json: json(call(.post, Self.proxyPath(proxy) + "/toxics", body: request.body)))
    }

    /// Changes the given attributes and, when not nil, the toxicity (PATCH; everything else keeps its value).
    @discardableResult
    public func updateToxic(
        named name: String, on proxy: String, attributes: [JSONMember] = [], toxicity: Float? = nil
    ) throws(ClientError) -> ToxicInfo {
        var members = [JSONMember(key: "attributes", value: .object(attributes))]
        if let toxicity { members.append(JSONMember(key: "toxicity", value: .number(GoFloatFormat.json(toxicity)))) }
        let body = JSONValue.objectBytes(members)
        return try ToxicInfo(json: json(call(.patch, Self.toxicPath(name, on: proxy), body: body)))
    }

    /// Sets every attribute and the toxicity of the toxic named `spec.name` to the spec's values.
    @discardableResult
    public func updateToxic(_ spec: ToxicSpec, on proxy: String) throws(ClientError) -> ToxicInfo {
        let request = ToxicRequest(spec)
        return try updateToxic(named: spec.name, on: proxy, attributes: request.attributes, toxicity: spec.toxicity)
    }

    /// Removes a toxic; bytes it holds are delivered (a `timeout` toxic's connections close).
    public func removeToxic(named name: String, from proxy: String) throws(ClientError) {
        _ = try call(.delete, Self.toxicPath(name, on: proxy))
    }

    /// Runs `body` with `spec` installed on `proxy`, and removes it afterwards, also when `body` throws.
    ///
    /// Throws the body's error when it threw (a failure to remove the toxic then is not reported over it),
    /// else a `ClientError` from adding or removing the toxic.
    public func with<T>(toxic spec: ToxicSpec, on proxy: String, _ body: (ToxicInfo) throws -> T) throws -> T {
        let added = try addToxic(spec, to: proxy)
        let result: T
        do {
            result = try body(added)
        } catch {
            try? removeToxic(named: added.name, from: proxy)
            throw error
        }
        try removeToxic(named: added.name, from: proxy)
        return result
    }

    /// `/proxies/<proxy>/toxics/<toxic>`, both percent-encoded.
    public static func toxicPath(_ toxic: String, on proxy: String) -> String {
        proxyPath(proxy) + "/toxics/" + percentEncoded(toxic)
    }
}
