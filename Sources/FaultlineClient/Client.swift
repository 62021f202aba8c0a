/// A blocking client for the Toxiproxy-compatible admin API: typed calls for the CLI and for users' Swift tests.
import FaultlineCore
import FaultlineHTTP
import FaultlinePosix

public struct Client: Sendable {
    /// How requests travel (endpoint, user agent, timeouts); one connection per call.
    public var transport: BlockingTransport

    /// toxiproxy-cli's default admin URL.
    public static let defaultURL = "http://localhost:8474"

    /// A client for `endpoint` (toxiproxy-cli's default unless given) with a 5 s connect and 30 s answer timeout;
    /// `token` is sent as a bearer token (for a server started with `--admin-token-file`).
    public init(
        endpoint: Endpoint = .default,
        userAgent: String = "faultline-cli/\(FaultlineVersion.current)",
        connectTimeout: Duration = .seconds(5),
        responseTimeout: Duration = .seconds(30),
        token: String? = nil
    ) {
        transport = BlockingTransport(
            endpoint: endpoint, userAgent: userAgent, connectTimeout: connectTimeout, responseTimeout: responseTimeout,
            token: token)
    }

    /// A client for `url` (`http://host:port`, `host:port` as toxiproxy-cli accepts, or `unix:///path`).
    public init(url: String, token: String? = nil) throws(ClientError) {
        self.init(endpoint: try Endpoint(parsing: url), token: token)
    }

    /// A client for `TOXIPROXY_URL` (or `http://localhost:8474` when it is unset or empty), with the token in
    /// `FAULTLINE_TOKEN` when that is set.
    public static func fromEnvironment() throws(ClientError) -> Client {
        let url = Environment.value("TOXIPROXY_URL").flatMap { $0.isEmpty ? nil : $0 } ?? defaultURL
        return try Client(url: url, token: environmentToken)
    }

    /// `FAULTLINE_TOKEN`, when set and not empty.
    public static var environmentToken: String? {
        Environment.value(tokenVariable).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The environment variable every Faultline client reads its bearer token from.
    public static let tokenVariable = "FAULTLINE_TOKEN"

    /// The token in `path` without surrounding whitespace (`--token-file`).
    public static func token(fromFile path: String) throws(ClientError) -> String {
        let bytes: [UInt8]
        do throws(Errno) {
            bytes = try FileReader.read(path, limit: 64 << 10)
        } catch {
            throw .invalidToken(path, reason: "cannot read: \(error)")
        }
        let text = Self.trimmed(String(decoding: bytes, as: UTF8.self))
        guard !text.isEmpty else { throw .invalidToken(path, reason: "empty") }
        return text
    }

    /// Where the admin API is.
    public var endpoint: Endpoint { transport.endpoint }

    /// The Toxiproxy API version the server implements (`2.12.0`); raw text from servers before 2.7.
    public func version() throws(ClientError) -> String {
        let response = try call(.get, "/version")
        let parsed = try? JSONParser.parseFirstValue(response.body)
        return parsed?.member("version")?.stringValue ?? Self.trimmed(response.bodyText)
    }

    /// Every proxy, sorted by name (byte order, as toxiproxy-cli sorts them).
    public func proxies() throws(ClientError) -> [ProxyInfo] {
        guard case .object(let members) = try json(call(.get, "/proxies")) else {
            throw .decoding("GET /proxies did not answer an object")
        }
        var proxies: [ProxyInfo] = []
        for member in members { proxies.append(try ProxyInfo(json: member.value)) }
        return proxies.sorted { $0.name.isBytewiseLess(than: $1.name) }
    }

    /// One proxy with its toxics.
    public func proxy(named name: String) throws(ClientError) -> ProxyInfo {
        try ProxyInfo(json: json(call(.get, Self.proxyPath(name))))
    }

    /// Creates a proxy (POST /proxies), then adds the spec's toxics one by one; returns the proxy as it ends up.
    @discardableResult
    public func create(_ spec: ProxySpec) throws(ClientError) -> ProxyInfo {
        let body = JSONValue.objectBytes([
            JSONMember(key: "name", value: .string(spec.name)), JSONMember(key: "listen", value: .string(spec.listen)),
            JSONMember(key: "upstream", value: .string(spec.upstream)),
            JSONMember(key: "enabled", value: .bool(spec.enabled)),
        ])
        let created = try ProxyInfo(json: json(call(.post, "/proxies", body: body)))
        guard !spec.toxics.isEmpty else { return created }
        for toxic in spec.toxics { try addToxic(toxic, to: spec.name) }
        return try proxy(named: spec.name)
    }

    /// Changes the given fields of a proxy (PATCH; missing fields keep their values) and returns it.
    @discardableResult
    public func update(
        proxy name: String, listen: String? = nil, upstream: String? = nil, enabled: Bool? = nil
    ) throws(ClientError) -> ProxyInfo {
        var members: [JSONMember] = []
        if let listen { members.append(JSONMember(key: "listen", value: .string(listen))) }
        if let upstream { members.append(JSONMember(key: "upstream", value: .string(upstream))) }
        if let enabled { members.append(JSONMember(key: "enabled", value: .bool(enabled))) }
        return try ProxyInfo(json: json(call(.patch, Self.proxyPath(name), body: JSONValue.objectBytes(members))))
    }

    /// Deletes a proxy; its listener and live connections close.
    public func delete(proxy name: String) throws(ClientError) {
        _ = try call(.delete, Self.proxyPath(name))
    }

    /// POST /populate: creates or replaces these proxies (their `toxics` too, a Faultline addition); never deletes.
    @discardableResult
    public func populate(_ specs: [ProxySpec]) throws(ClientError) -> [ProxyInfo] {
        var writer = JSONWriter()
        writer.raw("[")
        for (index, spec) in specs.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{\"name\":")
            writer.string(spec.name)
            writer.raw(",\"listen\":")
            writer.string(spec.listen)
            writer.raw(",\"upstream\":")
            writer.string(spec.upstream)
            writer.raw(",\"enabled\":")
            writer.bool(spec.enabled)
            if !spec.toxics.isEmpty {
                writer.raw(",\"toxics\":[")
                for (number, toxic) in spec.toxics.enumerated() {
                    if number > 0 { writer.raw(",") }
                    writer.raw(String(decoding: ToxicRequest(toxic).body, as: UTF8.self))
                }
                writer.raw("]")
            }
            writer.raw("}")
        }
        writer.raw("]")
        switch try json(call(.post, "/populate", body: writer.bytes)).member("proxies") {
        case .array(let elements):
            var proxies: [ProxyInfo] = []
            for element in elements { proxies.append(try ProxyInfo(json: element)) }
            return proxies
        case .null: return []
        default: throw .decoding("POST /populate did not answer {\"proxies\":[…]}")
        }
    }

    /// `GET /healthz` (or `/readyz`): whether it answered 200, and its body (why not, when it did not).
    public func health(ready: Bool) throws(ClientError) -> (healthy: Bool, detail: String) {
        let response = try transport.send(.get, ready ? "/readyz" : "/healthz")
        let body = Self.trimmed(response.bodyText)
        return (response.status.code == 200, body.isEmpty ? "HTTP \(response.status)" : body)
    }

    /// Enables every proxy and removes every toxic.
    public func reset() throws(ClientError) {
        _ = try call(.post, "/reset")
    }

    // MARK: - Plumbing shared with Client+Toxics

    /// Sends a request; a status outside 2xx becomes `.api` with the body's `error` text.
    func call(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil) throws(ClientError) -> HTTPResponse {
        let response = try transport.send(method, path, body: body)
        guard (200..<300).contains(response.status.code) else {
            throw .api(status: response.status.code, message: Self.errorMessage(of: response))
        }
        return response
    }

    func json(_ response: HTTPResponse) throws(ClientError) -> JSONValue {
        do throws(JSONParseError) {
            return try JSONParser.parseFirstValue(response.body)
        } catch {
            throw .decoding("not JSON (\(error.message)): \(Self.trimmed(String(response.bodyText.prefix(200))))")
        }
    }

    /// `/proxies/<name>`, the name percent-encoded (for callers that send their own requests through `transport`).
    public static func proxyPath(_ name: String) -> String { "/proxies/" + percentEncoded(name) }

    /// One path segment, percent-encoded so any name (spaces, `?`, `#`, `%`) reaches the server intact.
    static func percentEncoded(_ segment: String) -> String {
        let kept = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in segment.utf8 {
            if kept.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `{"error":"…","status":N}` → the error text; otherwise the body itself, or the reason phrase when empty.
    static func errorMessage(of response: HTTPResponse) -> String {
        if let parsed = try? JSONParser.parseFirstValue(response.body), let text = parsed.member("error")?.stringValue {
            return text
        }
        let text = trimmed(response.bodyText)
        return text.isEmpty ? response.status.reasonPhrase : text
    }

    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
