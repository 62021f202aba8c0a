/// One parsed request: method, target (raw and percent-decoded), version, headers and the whole body.
public struct HTTPRequest: Equatable, Sendable {
    public var method: HTTPMethod
    /// The request-target as sent (`/proxies/a%20b?x=1`).
    public var target: String
    /// The percent-decoded path, what routes match against (`/proxies/a b`), as Go's `URL.Path`.
    public var path: String
    /// The raw query after `?`, if any.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(
        method: HTTPMethod,
        path: String,
        query: String? = nil,
        target: String? = nil,
        version: HTTPVersion = .http11,
        headers: HTTPHeaders = [],
        body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.target = target ?? path + (query.map { "?" + $0 } ?? "")
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// Whether the client wants the connection kept open after the response (HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
    public var keepAlive: Bool {
        if version.isAtLeast11 { return !headers.containsToken("close", in: "Connection") }
        return headers.containsToken("keep-alive", in: "Connection")
    }

    /// The first `User-Agent` value.
    public var userAgent: String? { headers["User-Agent"] }
}
