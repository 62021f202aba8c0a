/// The exact responses Toxiproxy sends (plus our `Server` header), with `<date>`, `<id>` and `{port}` placeholders.
import FaultlineCore

enum ExpectedWire {
    static let server = "faultline/\(FaultlineVersion.current)"

    /// A matched route answering with `body`, as `RawResponse.normalized` renders it.
    static func response(
        _ status: String,
        contentType: String?,
        nosniff: Bool = false,
        requestID: Bool = true,
        body: String,
        close: Bool = false
    ) -> String {
        var text = "HTTP/1.1 \(status)\r\n"
        if let contentType { text += "Content-Type: \(contentType)\r\n" }
        text += "Server: \(server)\r\n"
        if nosniff { text += "X-Content-Type-Options: nosniff\r\n" }
        if requestID { text += "X-Toxiproxy-Request-Id: <id>\r\n" }
        text += "Date: <date>\r\n"
        if !status.hasPrefix("204") { text += "Content-Length: \(body.utf8.count)\r\n" }
        if close { text += "Connection: close\r\n" }
        return text + "\r\n" + body
    }

    static func json(_ status: String, _ body: String) -> String {
        response(status, contentType: "application/json", body: body)
    }

    static func ok(_ body: String) -> String { json("200 OK", body) }

    /// `{"error":"…","status":N}\n` as Go's `http.Error` sends it.
    static func error(_ status: String, _ message: String) -> String {
        response(
            status,
            contentType: "text/plain; charset=utf-8",
            nosniff: true,
            body: "{\"error\":\"\(message)\",\"status\":\(status.prefix(3))}\n"
        )
    }

    static let noContent = response("204 No Content", contentType: nil, body: "")

    static let notFoundPage = response(
        "404 Not Found",
        contentType: "text/plain; charset=utf-8",
        nosniff: true,
        requestID: false,
        body: "404 page not found\n"
    )

    static let methodNotAllowed = response("405 Method Not Allowed", contentType: nil, requestID: false, body: "")

    static let browserBlocked = response(
        "403 Forbidden",
        contentType: "text/plain; charset=utf-8",
        nosniff: true,
        body: "User agent not allowed\n"
    )

    /// A proxy object in Toxiproxy's key order, `"Logger":{}` included.
    static func proxy(
        _ name: String,
        _ listen: String,
        _ upstream: String,
        enabled: Bool = true,
        toxics: String = ""
    ) -> String {
        "{\"name\":\"\(name)\",\"listen\":\"\(listen)\",\"upstream\":\"\(upstream)\",\"enabled\":\(enabled),"
            + "\"Logger\":{},\"toxics\":[\(toxics)]}"
    }

    /// A toxic object in Toxiproxy's key order.
    static func toxic(
        _ name: String,
        _ type: String,
        _ attributes: String,
        stream: String = "downstream",
        toxicity: String = "1"
    ) -> String {
        "{\"attributes\":{\(attributes)},\"name\":\"\(name)\",\"type\":\"\(type)\",\"stream\":\"\(stream)\","
            + "\"toxicity\":\(toxicity)}"
    }
}
