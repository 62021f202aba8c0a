/// Why a connection stopped parsing HTTP and passes its bytes through untouched from that point on.

/// The `reason` label of `faultline_http_passthrough_total`; the raw value is the label text.
public enum PassthroughReason: String, CaseIterable, Hashable, Sendable, Error {
    /// The client's first bytes are a TLS record (ClientHello).
    case tls
    /// The client's first bytes are the HTTP/2 connection preface (`PRI * HTTP/2.0`).
    case http2
    /// The client's bytes are not an HTTP/1.x request line (anything else that is not HTTP).
    case notHTTP = "not_http"
    /// A request or response head broke the syntax after a plausible first line (bad field line, bad version).
    case malformedHead = "malformed_head"
    /// A head grew past the head cap (64 KiB by default) without ending.
    case headTooLarge = "head_too_large"
    /// A head had more fields than the field cap (256 by default).
    case tooManyHeaders = "too_many_headers"
    /// Both `Content-Length` and `Transfer-Encoding`, or differing `Content-Length` values.
    case ambiguousFraming = "ambiguous_framing"
    /// A framing value that cannot be read: a bad `Content-Length`, a request coding other than chunked, a bad
    /// chunk-size line.
    case badFraming = "bad_framing"
    /// A `CONNECT` request: what follows is a tunnel.
    case connect
    /// `101 Switching Protocols` was answered: what follows is another protocol.
    case upgrade
    /// The upstream sent a response no request was waiting for.
    case unsolicitedResponse = "unsolicited_response"
    /// A connection that became HTTP-aware mid-stream could not prove where a request starts.
    case unsynchronised
}
