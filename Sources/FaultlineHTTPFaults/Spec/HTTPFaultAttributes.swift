/// The attributes of each HTTP fault type, checked and with their defaults filled in.
import FaultlineHTTP

/// Which message a phase-dependent fault acts on.
public enum HTTPPhase: String, CaseIterable, Equatable, Sendable {
    case request
    case response
}

/// `http_abort`: answer in the upstream's place, which never sees the request.
public struct HTTPAbortAttributes: Equatable, Sendable {
    public var status: Int = 503
    public var body: String = ""
    /// Extra response fields, in order (framing fields are refused: the engine frames the response).
    public var headers: [HTTPHeaders.Field] = []
    /// Close the client connection after the response (`Connection: close`) instead of serving the next request.
    public var close: Bool = false

    public init() {}
}

/// `http_delay`: hold the request (and everything behind it) or the response head (likewise) for a while.
public struct HTTPDelayAttributes: Equatable, Sendable {
    /// Milliseconds.
    public var delay: Int64 = 0
    /// Milliseconds either side of `delay`, drawn per request from the toxic's generator.
    public var jitter: Int64 = 0
    public var phase: HTTPPhase = .request

    public init() {}
}

/// Where `http_reset` resets the client.
public enum HTTPResetPoint: String, CaseIterable, Equatable, Sendable {
    /// In the request's place in the pipeline; the upstream never sees it.
    case beforeRequest = "before_request"
    /// When the upstream's response head arrives: the work was done, the answer is lost.
    case afterRequest = "after_request"
    /// After `bytes` of the response body (as framed on the wire) reached the client.
    case midResponse = "mid_response"
}

/// `http_reset`: an RST to the client at a point of the exchange.
public struct HTTPResetAttributes: Equatable, Sendable {
    public var at: HTTPResetPoint = .beforeRequest
    /// Body bytes delivered before the RST (`mid_response` only).
    public var bytes: Int64 = 0

    public init() {}
}

/// `http_truncate`: deliver the response head and `bytes` of its body, then FIN.
public struct HTTPTruncateAttributes: Equatable, Sendable {
    /// Body bytes delivered, counted as framed on the wire (chunk-size lines included).
    public var bytes: Int64 = 0
    /// Keep the `Content-Length` as sent (the client then sees a short body); false rewrites it to what is sent.
    public var lie: Bool = true

    public init() {}
}

/// `http_header`: rewrite the request or response head: `remove` first, then `set`.
public struct HTTPHeaderAttributes: Equatable, Sendable {
    public var phase: HTTPPhase = .request
    /// Each name's values are replaced (at the position of its first field) or added at the end.
    public var set: [HTTPHeaders.Field] = []
    /// Names whose fields are dropped.
    public var remove: [String] = []

    public init() {}
}

/// `http_status`: rewrite the response's status line (standard reason phrase); headers and body are kept.
public struct HTTPStatusAttributes: Equatable, Sendable {
    public var status: Int = 503

    public init() {}
}
