/// The dashboard's credentials: the per-process token embedded in `/ui` and the admin address its calls must name.
import FaultlineHTTP

/// A browser request is the dashboard's own call when it carries the token (`X-Faultline-Token`, which a cross-site
/// form cannot send and a cross-origin script cannot send without a CORS preflight that the API never grants), names
/// the admin address in `Host` (a rebinding page cannot), and, where the browser says where it comes from, comes from
/// that same origin.
public struct DashboardAccess: Sendable {
    /// The header the page's calls carry the token in.
    public static let tokenHeader = "X-Faultline-Token"

    /// Random per process (`faultline serve` makes 32 bytes of getrandom as hex); never logged.
    public let token: String
    public let authority: AdminAuthority

    public init(token: String, authority: AdminAuthority) {
        self.token = token
        self.authority = authority
    }

    /// Whether `request` is one of the page's own calls.
    public func vouches(for request: HTTPRequest) -> Bool {
        let headers = request.headers
        guard let given = headers[Self.tokenHeader], Self.constantTimeEqual(given, token) else { return false }
        guard let host = headers["Host"], authority.allows(hostHeader: host) else { return false }
        if let origin = headers["Origin"], !authority.isSameOrigin(origin, hostHeader: host) { return false }
        if let site = headers["Sec-Fetch-Site"], site.lowercased() != "same-origin" { return false }
        return true
    }

    /// Compares every byte whatever the first difference, so timing does not reveal how much of a guess was right.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
