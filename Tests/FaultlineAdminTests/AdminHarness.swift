/// Drives `AdminAPI` from raw request bytes to raw response bytes, the way the server will.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import Testing

let requestID = "cs0l3r0h1bds73d1m2o0"
let date = "Mon, 02 Jan 2006 15:04:05 GMT"
let server = "faultline/0.1.0"

struct AdminHarness {
    let control = FakeProxyControl()

    var api: AdminAPI { AdminAPI(control: control, serverVersion: "0.1.0") }

    /// Sends one request (as raw HTTP/1.1 through `RequestParser`) and returns the serialised response.
    @discardableResult
    func send(
        _ method: String,
        _ target: String,
        _ body: String? = nil,
        userAgent: String? = "test",
        extraHeaders: String = ""
    ) -> String {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost:8474\r\n"
        if let userAgent { head += "User-Agent: \(userAgent)\r\n" }
        if let body { head += "Content-Length: \(body.utf8.count)\r\n" }
        let raw = head + extraHeaders + "\r\n" + (body ?? "")
        var parser = RequestParser()
        parser.feed(Array(raw.utf8))
        switch parser.next() {
        case .request(let request):
            let response = api.respond(to: request, context: AdminAPI.Context(requestID: requestID, date: date))
            return String(decoding: HTTPWriter.serialize(response, replyingTo: request), as: UTF8.self)
        case .failed(let status):
            return String(decoding: HTTPWriter.serialize(api.rejection(status), replyingTo: nil), as: UTF8.self)
        case .needMore, .continueNeeded:
            Issue.record("incomplete request")
            return ""
        }
    }

    /// Sends a request and returns only the body (for setting up state).
    @discardableResult
    func body(_ method: String, _ target: String, _ body: String? = nil) -> String {
        let response = Array(send(method, target, body).utf8)
        let separator = Array("\r\n\r\n".utf8)
        for start in 0..<max(0, response.count - 3) where Array(response[start..<(start + 4)]) == separator {
            return String(decoding: response[(start + 4)...], as: UTF8.self)
        }
        return ""
    }
}

/// The exact bytes of a response Toxiproxy would send (plus our `Server` header).
enum Wire {
    static func json(_ status: String, _ body: String) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nServer: \(server)\r\n"
            + "X-Toxiproxy-Request-Id: \(requestID)\r\nDate: \(date)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static func ok(_ body: String) -> String { json("200 OK", body) }

    static func error(_ status: String, _ message: String) -> String {
        let code = status.prefix(3)
        let body = "{\"error\":\"\(message)\",\"status\":\(code)}\n"
        return "HTTP/1.1 \(status)\r\nContent-Type: text/plain; charset=utf-8\r\nServer: \(server)\r\n"
            + "X-Content-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: \(requestID)\r\nDate: \(date)\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static let noContent =
        "HTTP/1.1 204 No Content\r\nServer: \(server)\r\nX-Toxiproxy-Request-Id: \(requestID)\r\nDate: \(date)\r\n\r\n"

    static let notFoundPage =
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nServer: \(server)\r\n"
        + "X-Content-Type-Options: nosniff\r\nDate: \(date)\r\nContent-Length: 19\r\n\r\n404 page not found\n"

    static let methodNotAllowed =
        "HTTP/1.1 405 Method Not Allowed\r\nServer: \(server)\r\nDate: \(date)\r\nContent-Length: 0\r\n\r\n"

    static func populate(_ status: String, _ body: String) -> String { json(status, body) }

    static func proxy(
        _ name: String,
        _ listen: String,
        _ upstream: String,
        enabled: Bool = true,
        toxics: String = ""
    ) -> String {
        "{\"name\":\"\(name)\",\"listen\":\"\(listen)\",\"upstream\":\"\(upstream)\",\"enabled\":\(enabled),\"Logger\":{},\"toxics\":[\(toxics)]}"
    }
}
