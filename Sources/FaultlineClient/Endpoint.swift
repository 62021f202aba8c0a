/// Where the admin API is: `http://host:port[/prefix]` (as toxiproxy-cli reads `--host`) or `unix:///path/to.sock`.
import FaultlinePosix

public struct Endpoint: Equatable, Sendable, CustomStringConvertible {
    /// The host as written, without IPv6 brackets (`localhost`, `127.0.0.1`, `::1`).
    public var host: String
    public var port: UInt16
    /// A path prefix every request path is appended to (`""` normally; Go's client concatenates the same way).
    public var basePath: String
    /// The Unix socket to connect to instead of `host:port` (`unix:///run/faultline/admin.sock`); the `Host`
    /// header then says `localhost`, as curl's `--unix-socket` does.
    public var socketPath: String?

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
        if text.hasPrefix("unix://") {
            let path = String(text.dropFirst("unix://".count))
            guard !path.isEmpty else { throw .invalidEndpoint(text, reason: "no socket path after unix://") }
            self.init(host: "localhost", port: 0)
            socketPath = path
            return
        }
        var rest = Substring(text)
        if rest.hasPrefix("https://") {
            throw .invalidEndpoint(text, reason: "https is not supported; the admin API speaks plain http")
        }
        if rest.hasPrefix("unix:") {
            throw .invalidEndpoint(text, reason: "write a Unix socket as unix:///absolute/path")
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
    public var authority: String {
        if socketPath != nil { return host }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    public var description: String {
        if let socketPath { return "unix://\(socketPath)" }
        return "http://\(authority)\(basePath)"
    }
}
