/// What answers one admin request, whatever socket it came in on: the gate, the health routes, then Toxiproxy's API.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP

/// Shared by the TCP and Unix-socket listeners. A new family of routes (a dashboard, say) joins here, behind the
/// same gate: it asks `gate.check(_:access:)` with the access its route needs, then answers.
final class AdminFront {
    let api: AdminAPI
    let gate: AdminGate
    /// Computed when `/readyz` is asked (the control loop's current view of its listeners).
    private let readiness: () -> Health.Readiness
    /// The auto CA's certificate for `GET /tls/ca.pem`, nil while no proxy has needed the CA.
    private let authority: () -> String?

    init(
        api: AdminAPI, gate: AdminGate, readiness: @escaping () -> Health.Readiness,
        authority: @escaping () -> String? = { nil }
    ) {
        self.api = api
        self.gate = gate
        self.readiness = readiness
        self.authority = authority
    }

    func respond(to request: HTTPRequest, context: AdminAPI.Context) -> HTTPResponse {
        if let refusal = gate.check(request, access: AdminGate.access(for: request)) {
            return finish(refusal, context)
        }
        if let health = Health.respond(to: request, readiness: readiness) { return finish(health, context) }
        if let pem = AuthorityRoute.respond(to: request, pem: authority) { return finish(pem, context) }
        return api.respond(to: request, context: context)
    }

    /// A request the parser refused (framing), before any route or gate is involved.
    func rejection(_ status: HTTPStatus) -> HTTPResponse { api.rejection(status) }

    /// The headers every answer carries, in Go's order (sorted, then `Date`), as `AdminAPI` writes its own.
    private func finish(_ response: HTTPResponse, _ context: AdminAPI.Context) -> HTTPResponse {
        var fields = response.headers.fields
        fields.append(HTTPHeaders.Field(name: "Server", value: "faultline/\(api.serverVersion)"))
        fields.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        fields.append(HTTPHeaders.Field(name: "Date", value: context.date))
        var finished = response
        finished.headers = HTTPHeaders(fields)
        return finished
    }
}
