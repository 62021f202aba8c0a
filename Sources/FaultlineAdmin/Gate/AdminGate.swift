/// The one seam in front of every matched admin route: gates that may refuse a request before it is handled.
import FaultlineHTTP

/// What kind of route a request matched, for gates that treat the dashboard apart from the API.
public enum AdminRouteKind: Equatable, Sendable {
    /// Toxiproxy's routes and Faultline's additions to the API (`/toxic-types`, `/metrics`).
    case api
    /// `GET /ui`: the page itself, which browsers must be able to load.
    case dashboardPage
    /// `GET /ui/state`: data only the page's own calls may read.
    case dashboardData
}

/// A check run on a request that matched a route, before its handler; a response refuses it. Gates compose with
/// `AdminGates` (the first refusal wins), so later checks (a bearer token, a read-only mode) sit beside the browser
/// gate without knowing about it.
public protocol AdminGate {
    /// nil lets the request on; a response is sent instead of the handler's (with the route's request id).
    func refusal(for request: HTTPRequest, route: AdminRouteKind) -> HTTPResponse?
}

/// Several gates in order: the first that refuses decides.
public struct AdminGates: AdminGate {
    public var gates: [any AdminGate]

    public init(_ gates: [any AdminGate]) { self.gates = gates }

    public func refusal(for request: HTTPRequest, route: AdminRouteKind) -> HTTPResponse? {
        for gate in gates {
            if let refusal = gate.refusal(for: request, route: route) { return refusal }
        }
        return nil
    }
}
