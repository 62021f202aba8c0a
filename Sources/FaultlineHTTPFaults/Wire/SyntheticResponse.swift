/// The bytes of an `http_abort` answer: status line, `Content-Length`, the configured fields, body.
import FaultlineHTTP

enum SyntheticResponse {
    /// `HTTP/1.1 <status> <standard phrase>`, then `Content-Length` (not for 1xx, 204 and 304, which have no
    /// body), the given fields in order, `Connection: close` when the connection closes after it, and the body
    /// (not for HEAD, whose answer only announces its length).
    static func make(_ abort: HTTPAbortAttributes, answersHEAD: Bool, closeAfter: Bool) -> [UInt8] {
        let status = HTTPStatus(code: abort.status)
        var text = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        let body = Array(abort.body.utf8)
        if status.allowsBody { text += "Content-Length: \(body.count)\r\n" }
        for field in abort.headers { text += "\(field.name): \(field.value)\r\n" }
        if closeAfter { text += "Connection: close\r\n" }
        text += "\r\n"
        var bytes = Array(text.utf8)
        if status.allowsBody && !answersHEAD { bytes += body }
        return bytes
    }
}
