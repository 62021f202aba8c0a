/// Toxiproxy's admin API as a pure function: an `HTTPRequest` and a `ProxyControl` in, an `HTTPResponse` out.
import FaultlineCore
import FaultlineHTTP

/// The route table and the middleware Toxiproxy runs on matched routes (request id, browser block).
///
/// No sockets and no clock: the request id and the `Date` text come in with each request, the server version
/// at construction. Runs on the loop that owns the proxy table, like `ProxyControl`.
public struct AdminAPI {
    /// What the pure API cannot compute itself, per request.
    public struct Context: Sendable {
        /// The `X-Toxiproxy-Request-Id` value (20 characters, see `RequestIDGenerator`).
        public var requestID: String
        /// The `Date` header text (`HTTPDate.format(unixSeconds:)`).
        public var date: String

        public init(requestID: String, date: String) {
            self.requestID = requestID
            self.date = date
        }
    }

    /// What each route does.
    enum Endpoint: Sendable {
        case reset, proxyIndex, proxyCreate, populate, proxyShow, proxyUpdate, proxyDelete
        case toxicIndex, toxicCreate, toxicShow, toxicUpdate, toxicDelete, version, metrics
        // Faultline's additions: new routes only, so every route above answers as Toxiproxy's does.
        case toxicTypes, dashboardPage, dashboardState
    }

    /// Toxiproxy 2.12.0's routes, in its registration order.
    static let routes: Router<Endpoint> = {
        var router = Router<Endpoint>()
        router.add([.post], "/reset", .reset)
        router.add([.get], "/proxies", .proxyIndex)
        router.add([.post], "/proxies", .proxyCreate)
        router.add([.post], "/populate", .populate)
        router.add([.get], "/proxies/:proxy", .proxyShow)
        router.add([.post, .patch], "/proxies/:proxy", .proxyUpdate)
        router.add([.delete], "/proxies/:proxy", .proxyDelete)
        router.add([.get], "/proxies/:proxy/toxics", .toxicIndex)
        router.add([.post], "/proxies/:proxy/toxics", .toxicCreate)
        router.add([.get], "/proxies/:proxy/toxics/:toxic", .toxicShow)
        router.add([.post, .patch], "/proxies/:proxy/toxics/:toxic", .toxicUpdate)
        router.add([.delete], "/proxies/:proxy/toxics/:toxic", .toxicDelete)
        router.add([.get], "/version", .version)
        router.add(nil, "/metrics", .metrics)  // any method; exists only while metrics are enabled
        router.add([.get], "/toxic-types", .toxicTypes)
        router.add([.get], "/ui", .dashboardPage)  // these two exist only while the dashboard is on
        router.add([.get], "/ui/state", .dashboardState)
        return router
    }()

    public let control: any ProxyControl
    /// Faultline's own version, sent as `Server: faultline/<version>`.
    public let serverVersion: String
    /// The Toxiproxy version `/version` reports; clients choose PATCH from it.
    public let apiVersion: String
    /// The dashboard's token and address; nil: no `/ui` routes, and the browser guard is exactly Toxiproxy's.
    public let dashboard: DashboardAccess?
    /// Runs on every matched route before its handler: Toxiproxy's browser guard and the dashboard's exemption.
    public let browserGate: BrowserGate
    /// `GET /ui`, built once (the token is fixed for the process).
    let dashboardPage: HTTPResponse?

    public init(
        control: any ProxyControl, serverVersion: String, apiVersion: String = "2.12.0",
        dashboard: DashboardAccess? = nil
    ) {
        self.control = control
        self.serverVersion = serverVersion
        self.apiVersion = apiVersion
        self.dashboard = dashboard
        browserGate = BrowserGate(dashboard: dashboard)
        dashboardPage = dashboard.map { DashboardPage.response(token: $0.token) }
    }

    /// Answers one request.
    public func respond(to request: HTTPRequest, context: Context) -> HTTPResponse {
        let match = Self.routes.match(method: request.method, path: request.path, query: request.query)
        switch match {
        case .redirect(let location):
            return finish(HTTPResponse(status: .movedPermanently, headers: [("Location", location)]), context)
        case .notFound:
            return finish(Self.notFoundPage, context)
        case .methodNotAllowed:
            // With the dashboard off its paths are as unknown as they are to Toxiproxy, whatever the method.
            if dashboard == nil, request.path == "/ui" || request.path == "/ui/state" {
                return finish(Self.notFoundPage, context)
            }
            return finish(HTTPResponse(status: .methodNotAllowed), context)
        case .matched(let endpoint, let parameters):
            if endpoint == .metrics, control.metrics() == nil { return finish(Self.notFoundPage, context) }
            if endpoint.isDashboard, dashboard == nil { return finish(Self.notFoundPage, context) }
            if let refusal = browserGate.refusal(for: request, route: endpoint.routeKind) {
                return finish(refusal, context, requestID: true)
            }
            return finish(handle(endpoint, parameters, request), context, requestID: true)
        }
    }

    /// The answer to a request the parser refused (Go's raw framing errors); the connection then closes.
    public func rejection(_ status: HTTPStatus) -> HTTPResponse {
        let body: String
        switch status.code {
        case 417: body = ""
        case 501: body = "Unsupported transfer encoding"
        default: body = "\(status.code) \(status.reasonPhrase)"
        }
        let headers: HTTPHeaders = [("Content-Type", "text/plain; charset=utf-8"), ("Server", serverHeader)]
        return HTTPResponse(status: status, headers: headers, body: Array(body.utf8), closesConnection: true)
    }

    private func handle(_ endpoint: Endpoint, _ parameters: RouteParameters, _ request: HTTPRequest) -> HTTPResponse {
        let proxy = parameters["proxy"] ?? ""
        let toxic = parameters["toxic"] ?? ""
        do throws(FaultlineError) {
            switch endpoint {
            case .reset: return try reset()
            case .proxyIndex: return proxyIndex()
            case .proxyCreate: return try createProxy(body: request.body)
            case .populate: return populate(body: request.body)
            case .proxyShow: return try showProxy(proxy)
            case .proxyUpdate: return try updateProxy(proxy, body: request.body)
            case .proxyDelete: return try deleteProxy(proxy)
            case .toxicIndex: return try toxicIndex(proxy)
            case .toxicCreate: return try createToxic(on: proxy, body: request.body)
            case .toxicShow: return try showToxic(toxic, on: proxy)
            case .toxicUpdate: return try updateToxic(toxic, on: proxy, body: request.body)
            case .toxicDelete: return try deleteToxic(toxic, on: proxy)
            case .version: return version()
            case .metrics: return metrics()
            case .toxicTypes: return toxicTypes()
            case .dashboardPage: return dashboardPageResponse()
            case .dashboardState: return dashboardState()
            }
        } catch {
            return Self.errorResponse(error)
        }
    }

    /// Adds `Server` (and the request id on matched routes), sorts the headers as Go writes them, then `Date`.
    private func finish(_ response: HTTPResponse, _ context: Context, requestID: Bool = false) -> HTTPResponse {
        var fields = response.headers.fields
        fields.append(HTTPHeaders.Field(name: "Server", value: serverHeader))
        if requestID { fields.append(HTTPHeaders.Field(name: "X-Toxiproxy-Request-Id", value: context.requestID)) }
        fields.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        fields.append(HTTPHeaders.Field(name: "Date", value: context.date))
        var finished = response
        finished.headers = HTTPHeaders(fields)
        return finished
    }

    private var serverHeader: String { "faultline/\(serverVersion)" }

    /// Go's `http.NotFound` page, for paths no route matches.
    static let notFoundPage = HTTPResponse(
        status: .notFound,
        headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")],
        body: Array("404 page not found\n".utf8)
    )

    /// A 200 (or `status`) response with a JSON body and Toxiproxy's `application/json` type.
    static func json(_ bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: bytes)
    }
}
