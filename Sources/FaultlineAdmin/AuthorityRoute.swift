/// `GET /tls/ca.pem`: the certificate of the CA behind `"auto": true` listeners, for clients to trust. A new route.
import FaultlineCore
import FaultlineHTTP

/// Pure: the server hands in the CA's PEM (never its key), or nil while no proxy has needed the CA.
public enum AuthorityRoute {
    public static let path = "/tls/ca.pem"

    /// The answer for `path`, or nil for any other path. GET and HEAD only; other methods get an empty 405, as the
    /// API's own routes do. Without a CA: 404 with the API's JSON error body, saying how to get one.
    public static func respond(to request: HTTPRequest, pem: () -> String?) -> HTTPResponse? {
        guard request.path == path else { return nil }
        guard request.method == .get || request.method == .head else { return HTTPResponse(status: .methodNotAllowed) }
        guard let text = pem() else {
            var writer = JSONWriter()
            writer.raw("{\"error\":")
            writer.string("no certificate authority: no proxy uses \"tls\": {\"listen\": {\"auto\": true}} yet")
            writer.raw(",\"status\":404}\n")
            return HTTPResponse(
                status: .notFound,
                headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")],
                body: writer.bytes)
        }
        return HTTPResponse(status: .ok, headers: [("Content-Type", "application/x-pem-file")], body: Array(text.utf8))
    }
}
