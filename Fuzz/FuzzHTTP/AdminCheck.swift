/// Parsed requests answered by the real admin API over an in-memory table: what a client can rely on holds.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import FuzzSupport

enum AdminCheck {
    /// Answers each request in order on one fresh table, as one keep-alive connection would be answered.
    static func check(_ requests: [HTTPRequest]) {
        let control = MemoryControl()
        let api = AdminAPI(control: control, serverVersion: "fuzz")
        let context = AdminAPI.Context(requestID: "00000000000000000000", date: "Thu, 01 Jan 2026 00:00:00 GMT")
        for request in requests {
            let before = control.listProxies()
            let response = api.respond(to: request, context: context)
            let code = response.status.code
            // The table cannot fail here, so a 5xx could only come from the API mishandling the request.
            require(code < 500, "\(request.method) \(request.target) was answered \(code): \(response.bodyText)")
            if code >= 300 {
                require(control.listProxies() == before, "refused \(request.method) \(request.target) changed the table")
            }
            let type = response.headers["Content-Type"] ?? ""
            // Error bodies are JSON sent as text/plain, as Toxiproxy sends them.
            if type.hasPrefix("application/json") || (type.hasPrefix("text/plain") && response.bodyText.hasPrefix("{")) {
                require((try? JSONParser.parseFirstValue(response.body)) != nil, "a JSON answer does not parse")
            }
            WriterRoundTrip.check(response, for: request)
        }
    }
}
