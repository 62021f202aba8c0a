/// Serialises responses as Go's net/http frames them: status line, headers in order, `Content-Length`, `Connection`.
public enum HTTPWriter {
    /// The interim response for `Expect: 100-continue`.
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The bytes of `response` answering `request` (nil for a request that could not be parsed).
    ///
    /// The status line uses the request's version (`HTTP/1.0` for 1.0 clients, else `HTTP/1.1`). The headers are
    /// written as given, then `Content-Length` (never for 1xx, 204 or 304), then `Connection: close` when the
    /// connection will close (HTTP/1.1), or `Connection: keep-alive` for a 1.0 client that asked for it.
    /// A HEAD request gets the headers without the body. CR and LF in header values become spaces, as in Go.
    public static func serialize(_ response: HTTPResponse, replyingTo request: HTTPRequest?) -> [UInt8] {
        let version = request.map { $0.version.isAtLeast11 ? "HTTP/1.1" : "HTTP/1.0" } ?? "HTTP/1.1"
        var text = "\(version) \(response.status.code) \(response.status.reasonPhrase)\r\n"
        for field in response.headers {
            text += "\(sanitized(field.name)): \(sanitized(field.value))\r\n"
        }
        if response.status.allowsBody {
            text += "Content-Length: \(response.body.count)\r\n"
        }
        let keepAlive = keepsAlive(after: response, replyingTo: request)
        if !keepAlive && request?.version.isAtLeast11 ?? true {
            text += "Connection: close\r\n"
        } else if keepAlive, let request, !request.version.isAtLeast11 {
            text += "Connection: keep-alive\r\n"
        }
        text += "\r\n"
        var bytes = Array(text.utf8)
        if response.status.allowsBody && request?.method != .head {
            bytes.append(contentsOf: response.body)
        }
        return bytes
    }

    /// Whether the connection stays open for another request after this response.
    public static func keepsAlive(after response: HTTPResponse, replyingTo request: HTTPRequest?) -> Bool {
        guard let request, !response.closesConnection else { return false }
        return request.keepAlive
    }

    private static func sanitized(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(scalar == "\r" || scalar == "\n" ? " " : scalar) }
        return String(out)
    }
}
