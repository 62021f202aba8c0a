/// Checks that go past parsing: a response written for a parsed request reads back, a redirect lands on a clean path.
import FaultlineHTTP
import FuzzSupport

/// Responses survive `HTTPWriter` → `ResponseParser`: one carrying the request's own headers and body, and
/// whatever the admin API answers.
enum WriterRoundTrip {
    /// Headers the writer or the framing own; copying them from a request would change how the body is read.
    static let framing = ["content-length", "transfer-encoding", "connection"]

    static func check(_ request: HTTPRequest, flags: UInt8) {
        let fields = request.headers.fields.filter { !framing.contains($0.name.lowercased()) }
        let status = HTTPTarget.statuses[Int(flags >> 4) % HTTPTarget.statuses.count]
        let response = HTTPResponse(
            status: status, headers: HTTPHeaders(fields), body: request.body, closesConnection: flags & 8 != 0)
        check(response, for: request)
    }

    static func check(_ response: HTTPResponse, for request: HTTPRequest) {
        let status = response.status
        let fields = response.headers.fields
        let wire = HTTPWriter.serialize(response, replyingTo: request)
        var parser = ResponseParser()
        parser.feed(wire)
        var event = parser.next(answering: request.method)
        if event == .needMore { event = parser.finish() }
        guard case .response(let parsed) = event else {
            require(false, "the writer's response did not parse: \(event)")
            return
        }
        require(parsed.status.code == status.code, "status \(parsed.status.code) came back, \(status.code) sent")
        let expectedBody = status.allowsBody && request.method != .head ? response.body : []
        require(parsed.body == expectedBody, "a \(response.body.count)-byte body came back as \(parsed.body.count)")
        require(
            Array(parsed.headers.fields.prefix(fields.count)) == fields,
            "headers \(fields) came back as \(parsed.headers.fields)")
        require(parser.next(answering: request.method) == .needMore, "the writer left bytes after the response")
    }
}

/// The admin API's routes: an unclean path redirects to a location that is clean, so no client loops.
enum RouteCheck {
    static let router: Router<Int> = {
        var router = Router<Int>()
        for (index, pattern) in [
            "/reset", "/proxies", "/populate", "/proxies/:proxy", "/proxies/:proxy/toxics",
            "/proxies/:proxy/toxics/:toxic", "/version", "/metrics",
        ].enumerated() {
            router.add([.get, .post], pattern, index)
        }
        return router
    }()

    static func check(_ request: HTTPRequest) {
        let match = router.match(method: request.method, path: request.path, query: request.query)
        guard case .redirect(let location) = match else { return }
        var parser = RequestParser()
        parser.feed(Array("GET \(location) HTTP/1.1\r\nHost: fuzz\r\n\r\n".utf8))
        guard case .request(let followed) = parser.next() else {
            require(false, "redirect location \(location) for \(request.target) does not parse")
            return
        }
        if case .redirect(let again) = router.match(method: .get, path: followed.path, query: followed.query) {
            require(false, "\(request.target) redirects to \(location), which redirects again to \(again)")
        }
    }
}
