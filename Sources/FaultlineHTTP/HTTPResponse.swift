/// One response: status, headers in wire order, body; the writer adds framing headers.
public struct HTTPResponse: Equatable, Sendable {
    public var status: HTTPStatus
    /// Written in this order; `Content-Length` and `Connection` are added by `HTTPWriter`.
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The connection must close after this response (framing errors, refused expectations).
    public var closesConnection: Bool

    public init(status: HTTPStatus, headers: HTTPHeaders = [], body: [UInt8] = [], closesConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closesConnection = closesConnection
    }

    /// The body as text (tests and the CLI read JSON and error texts this way).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
