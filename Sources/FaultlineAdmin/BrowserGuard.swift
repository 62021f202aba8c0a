/// Toxiproxy's CSRF protection: browsers (a `User-Agent` starting `Mozilla/`) are refused on matched routes.
import FaultlineHTTP

/// The test and the refusal; `BrowserGate` applies them (with the dashboard's one exemption).
enum BrowserGuard {
    /// A byte prefix, case-sensitive, as Go's strings.HasPrefix; missing or empty agents pass.
    static func isBrowserAgent(_ agent: String?) -> Bool {
        guard let agent else { return false }
        return agent.utf8.starts(with: "Mozilla/".utf8)
    }

    /// Go's `http.Error(w, "User agent not allowed", 403)`.
    static let refusal = HTTPResponse(
        status: .forbidden,
        headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")],
        body: Array("User agent not allowed\n".utf8)
    )
}
