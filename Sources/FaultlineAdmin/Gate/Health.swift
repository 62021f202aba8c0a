/// `GET /healthz` (the process answers) and `GET /readyz` (everything configured is serving): new routes, never old ones.
import FaultlineCore
import FaultlineHTTP

/// Pure answers from facts the server gathers; both are open through the gate, so orchestrators need no token.
public enum Health {
    /// What readiness is decided from.
    public struct Readiness: Equatable, Sendable {
        /// SIGTERM arrived and the server is draining its connections: send no new traffic here.
        public var draining: Bool
        /// Enabled proxies without a listening socket (none in normal operation).
        public var down: [String]

        public init(draining: Bool = false, down: [String] = []) {
            self.draining = draining
            self.down = down
        }

        public var isReady: Bool { !draining && down.isEmpty }
    }

    public static let livenessPath = "/healthz"
    public static let readinessPath = "/readyz"

    /// The answer for a health path, or nil for any other path. GET and HEAD only; other methods get an empty 405,
    /// as the API's own routes do.
    public static func respond(to request: HTTPRequest, readiness: () -> Readiness) -> HTTPResponse? {
        guard request.path == livenessPath || request.path == readinessPath else { return nil }
        guard request.method == .get || request.method == .head else { return HTTPResponse(status: .methodNotAllowed) }
        if request.path == livenessPath { return json(.ok, "{\"status\":\"ok\"}\n") }
        let state = readiness()
        if state.isReady { return json(.ok, "{\"status\":\"ready\"}\n") }
        var writer = JSONWriter()
        writer.raw("{\"status\":\"not ready\",\"draining\":")
        writer.bool(state.draining)
        writer.raw(",\"down\":[")
        for (index, name) in state.down.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.string(name)
        }
        writer.raw("]}\n")
        return HTTPResponse(
            status: .serviceUnavailable, headers: [("Content-Type", "application/json; charset=utf-8")],
            body: writer.bytes)
    }

    private static func json(_ status: HTTPStatus, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(text.utf8))
    }
}
