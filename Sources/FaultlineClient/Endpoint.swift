/// Where the admin API is: `http://host:port[/prefix]`, read the way toxiproxy-cli reads `--host`/`TOXIPROXY_URL`.
import FaultlinePosix

public struct Endpoint: Equatable, Sendable, CustomStringConvertible {
    /// The host as written, without IPv6 brackets (`localhost`, `127.0.0.1`, `::1`).
    public var host: String
    public var port: UInt16
    /// A path prefix every request path is appended to (`""` normally; Go's client concatenates the same way).
    public var basePath: String

    /// `http://localhost:8474`, toxiproxy-cli's default.
    public static let `default` = Endpoint(host: "localhost", port: 8474)

    /// An endpoint from its parts (no parsing or lookup).
    public init(host: String, port: UInt16, basePath: String = "") {
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Reads `http://host:port`, `host:port`, `http://[::1]:8474/prefix`; a missing port is 80, as an http URL's is.
    /// `https://` is refused: the admin API is plain HTTP.
    public init(parsing text: String) throws(ClientError) {
        var rest = Substring(text)
        if rest.hasPrefix("https://") {
            throw .invalidEndpoint(text, reason: "https is not supported; the admin API speaks plain http")
        }
        if rest.hasPrefix("http://") { rest = rest.dropFirst("http://".count) }
        if rest.contains("://") { throw .invalidEndpoint(text, reason: "only http:// URLs are supported") }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        while path.hasSuffix("/") { path.removeLast() }
        guard !rest.isEmpty else { throw .invalidEndpoint(text, reason: "no host") }
        let authority = String(rest)
        let hostPort: HostPort
        do throws(HostPort.ParseError) {
            hostPort = try HostPort.parse(authority)
        } catch .missingPort {
            let bracketed = authority.hasPrefix("[") && authority.hasSuffix("]")
            guard bracketed || !authority.contains(":") else {
                throw .invalidEndpoint(text, reason: "missing port in address")
            }
            hostPort = HostPort(host: bracketed ? String(authority.dropFirst().dropLast()) : authority, port: 80)
        } catch {
            throw .invalidEndpoint(text, reason: error.reason)
        }
        guard !hostPort.host.isEmpty else { throw .invalidEndpoint(text, reason: "no host") }
        self.init(host: hostPort.host, port: hostPort.port, basePath: path)
    }

    /// `host:port` as the `Host` header and messages show it (`[::1]:8474` for IPv6).
    public var authority: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public var description: String { "http://\(authority)\(basePath)" }
}
