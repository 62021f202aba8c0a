/// Who may use the admin API: the bearer token, read-only mode and the address allowlist, checked in one place.
import FaultlineCore
import FaultlineHTTP

/// The gate in front of every admin route (Toxiproxy's API, the health routes, and whatever joins them, such as a
/// dashboard): a route states how much it needs (`Access`), the gate says whether this request gets it. With every
/// option off (the default) nothing is checked and the API is Toxiproxy's, byte for byte.
public struct AdminGate: Sendable {
    /// What a request asks of the API.
    public enum Access: Sendable, Equatable {
        /// Health checks and the API level (`GET /version`, `/healthz`, `/readyz`): never need a token.
        case open
        /// Reads (GET, HEAD): need the token, allowed in read-only mode.
        case read
        /// Everything else: needs the token, refused in read-only mode.
        case write
    }

    /// Every request needs `Authorization: Bearer <token>` unless it is `.open`; nil: no token is asked for.
    public var token: [UInt8]?
    /// Only `.open` and `.read` requests are answered; the rest get 403.
    public var readOnly: Bool
    /// Peers of TCP connections must be in one of these blocks; empty: any peer.
    public var allowed: [AddressRange]

    public init(token: [UInt8]? = nil, readOnly: Bool = false, allowed: [AddressRange] = []) {
        self.token = token
        self.readOnly = readOnly
        self.allowed = allowed
    }

    /// The paths that stay open to health checkers and to clients choosing PATCH from the API level.
    public static let openPaths: Set<String> = ["/version", "/healthz", "/readyz"]

    /// How much a request to one of the built-in routes needs.
    public static func access(for request: HTTPRequest) -> Access {
        let reads = request.method == .get || request.method == .head
        if reads && openPaths.contains(request.path) { return .open }
        return reads ? .read : .write
    }

    /// Whether a TCP peer may connect at all (checked at accept, before a byte is read). Unix-socket peers are
    /// governed by the socket file's mode instead and are not asked.
    public func admits(peer address: [UInt8]) -> Bool {
        allowed.isEmpty || allowed.contains { $0.contains(address) }
    }

    /// Nil when the request may proceed, else the refusal (401 without a valid token, 403 for a write when
    /// read-only). Nothing behind the gate runs for a refused request.
    public func check(_ request: HTTPRequest, access: Access) -> HTTPResponse? {
        guard access != .open else { return nil }
        if let token, !Self.presents(token, in: request) {
            var response = Self.refusal(.unauthorized, "missing or invalid bearer token")
            response.headers.add("WWW-Authenticate", "Bearer realm=\"faultline\"")
            return response
        }
        if readOnly && access == .write {
            return Self.refusal(.forbidden, "the admin API is read-only: only GET requests are answered")
        }
        return nil
    }

    /// `Authorization: Bearer <token>` (scheme case-insensitive), compared in time that depends only on the length
    /// of the expected token, never on where the first difference is.
    static func presents(_ token: [UInt8], in request: HTTPRequest) -> Bool {
        guard let value = request.headers["Authorization"] else { return false }
        let bytes = Array(value.utf8)
        guard bytes.count > 7, bytes[..<7].map({ $0 | 0x20 }) == Array("bearer ".utf8) else { return false }
        var given = bytes[7...]
        while given.first == UInt8(ascii: " ") { given = given.dropFirst() }
        return constantTimeEqual(Array(given), token)
    }

    /// Every byte of `expected` is visited whatever `given` holds; the lengths are compared without branching.
    static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = given.count == expected.count ? 0 : 1
        for index in expected.indices {
            let other = index < given.count ? given[index] : ~expected[index]
            difference |= other ^ expected[index]
        }
        return difference == 0
    }

    /// `{"error":"…","status":N}\n` as `application/json`, the shape of every admin API error.
    static func refusal(_ status: HTTPStatus, _ message: String) -> HTTPResponse {
        var writer = JSONWriter()
        writer.raw("{\"error\":")
        writer.string(message)
        writer.raw(",\"status\":\(status.code)}\n")
        return HTTPResponse(
            status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: writer.bytes)
    }
}

extension HTTPStatus {
    public static let unauthorized = HTTPStatus(code: 401)
}
