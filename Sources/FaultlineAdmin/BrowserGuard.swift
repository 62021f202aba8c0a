/// Toxiproxy's CSRF protection: browsers (a `User-Agent` starting `Mozilla/`) are refused on matched routes.
import FaultlineHTTP

enum BrowserGuard {
    /// Go's `http.Error(w, "User agent not allowed", 403)`; nil when the request may proceed.
    static func check(_ request: HTTPRequest) -> HTTPResponse? {
        // A byte prefix, case-sensitive, as Go's strings.HasPrefix; missing or empty agents pass.
        guard let agent = request.userAgent, agent.utf8.starts(with: "Mozilla/".utf8) else { return nil }
        return HTTPResponse(
            status: .forbidden,
            headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")],
            body: Array("User agent not allowed\n".utf8)
        )
    }
}
