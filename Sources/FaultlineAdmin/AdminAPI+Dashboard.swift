/// Faultline's additions to the admin routes: `GET /toxic-types`, and the dashboard's `GET /ui` and `GET /ui/state`.
import FaultlineCore
import FaultlineHTTP

extension AdminAPI {
    /// Every toxic type the server accepts with its attributes (`ToxicTypeDescription`), for forms and clients.
    func toxicTypes() -> HTTPResponse {
        Self.json(ToxicTypeDescription.catalogueJSON(control.toxicTypes()))
    }

    /// The page, or 404 when the dashboard is off (then `/ui` is as unknown as it is to Toxiproxy).
    func dashboardPageResponse() -> HTTPResponse {
        dashboardPage ?? Self.notFoundPage
    }

    /// The table and the latest traffic sample; the sample is returned as it is and never waited for.
    func dashboardState() -> HTTPResponse {
        let proxies = control.listProxies().sorted { $0.name.isBytewiseLess(than: $1.name) }
        return HTTPResponse(
            status: .ok, headers: DashboardPage.stateHeaders,
            body: DashboardPage.stateJSON(proxies: proxies, traffic: control.trafficSample()))
    }
}

extension AdminAPI.Endpoint {
    /// Which gate rules apply to the route.
    var routeKind: AdminRouteKind {
        switch self {
        case .dashboardPage: .dashboardPage
        case .dashboardState: .dashboardData
        default: .api
        }
    }

    /// Routes that exist only while the dashboard is on.
    var isDashboard: Bool { self == .dashboardPage || self == .dashboardState }
}
