/// Toxiproxy's browser guard as a gate, with the one exemption the dashboard needs: its own same-origin calls.
import FaultlineHTTP

/// What kind of route a request matched: the browser gate treats the dashboard's apart from the API.
public enum AdminRouteKind: Equatable, Sendable {
    /// Toxiproxy's routes and Faultline's additions to the API (`/toxic-types`, `/metrics`).
    case api
    /// `GET /ui`: the page itself, which browsers must be able to load.
    case dashboardPage
    /// `GET /ui/state`: data only the page's own calls may read.
    case dashboardData
}

/// Requests from browsers are refused, as Toxiproxy refuses them, to stop cross-site requests and DNS rebinding
/// against a local admin port. With a dashboard, a browser request passes when `DashboardAccess` vouches for it
/// (the page's token, the admin address in `Host`, same-origin `Origin` and `Sec-Fetch-Site`); `/ui` is served to
/// browsers whose `Host` names the admin address, and `/ui/state` only to the page's own calls.
///
/// It runs inside `AdminAPI`, on matched routes, after the server's `AdminGate` (bearer token, read-only mode,
/// allowlist) has let the request in: the two compose without knowing about each other.
public struct BrowserGate: Sendable {
    /// nil: exactly Toxiproxy's guard (and no dashboard routes).
    public let dashboard: DashboardAccess?

    public init(dashboard: DashboardAccess?) { self.dashboard = dashboard }

    /// nil lets the request on to its handler; a response is sent instead (with the route's request id).
    public func refusal(for request: HTTPRequest, route: AdminRouteKind) -> HTTPResponse? {
        switch route {
        case .api:
            guard Self.isBrowser(request) else { return nil }
            if let dashboard, dashboard.vouches(for: request) { return nil }
            return BrowserGuard.refusal
        case .dashboardPage:
            // A rebinding page (`Host: evil.example:8474`) must not get the token the page carries.
            guard let dashboard, dashboard.authority.allows(hostHeader: request.headers["Host"]) else {
                return Self.forbidden("Host not allowed")
            }
            // Nor may another site's script fetch it (CORS already hides the answer; this does not even send it).
            if Self.isCrossSiteFetch(request) { return Self.forbidden("Cross-site requests not allowed") }
            return nil
        case .dashboardData:
            guard let dashboard, dashboard.vouches(for: request) else {
                return Self.forbidden("Dashboard token required")
            }
            return nil
        }
    }

    /// Toxiproxy's test (a `User-Agent` starting `Mozilla/`), and also any request carrying `Sec-Fetch-Site`:
    /// browsers send it on every request and no script can remove it, whereas a script may replace the user agent
    /// on a same-origin request (which is what a rebinding page makes). Other clients send neither.
    static func isBrowser(_ request: HTTPRequest) -> Bool {
        BrowserGuard.isBrowserAgent(request.userAgent) || request.headers["Sec-Fetch-Site"] != nil
    }

    /// A fetch, frame or subresource load started by another origin; navigating to the page (a link, the address bar)
    /// is allowed, since the other site cannot read what it opens.
    static func isCrossSiteFetch(_ request: HTTPRequest) -> Bool {
        guard let site = request.headers["Sec-Fetch-Site"]?.lowercased(), site != "same-origin", site != "none" else {
            return false
        }
        return request.headers["Sec-Fetch-Mode"]?.lowercased() != "navigate"
    }

    static func forbidden(_ message: String) -> HTTPResponse {
        HTTPResponse(
            status: .forbidden,
            headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")],
            body: Array("\(message)\n".utf8))
    }
}
