/// Which `Host` and `Origin` values name the admin address, so a rebinding page's requests can be told apart.
///
/// DNS rebinding points an attacker's name at 127.0.0.1: the browser then treats the admin port as the attacker's own
/// origin, but every request still carries the attacker's name in `Host`. So a request is the admin's own when its
/// `Host` names the admin address: the configured `--host`, the bound IP, `localhost` when bound to loopback, and any
/// IP literal when bound to every interface (an IP literal cannot be rebound). Any port is accepted: behind a port
/// mapping (`docker run -p 32768:8474`) the browser's port is not the one bound, and the port adds nothing against
/// rebinding; the page's calls must still carry an `Origin` equal to their own `Host`.
public struct AdminAuthority: Equatable, Sendable {
    /// Lower-cased host names and IP texts (IPv6 without brackets) accepted in `Host`.
    let names: Set<String>
    /// Bound to a wildcard address: any IP literal reaches it.
    let anyIPLiteral: Bool
    /// `https://` when the admin API speaks TLS (`--admin-tls-cert`), else `http://`: the page's own origin.
    let originScheme: String

    /// `configuredHost` as given to `--host`; `boundHost` the listening socket's IP text (`127.0.0.1`, `::`);
    /// `secure` when the admin API is served over HTTPS.
    public init(configuredHost: String, boundHost: String, secure: Bool = false) {
        originScheme = secure ? "https://" : "http://"
        let bound = boundHost.lowercased()
        let wildcard = bound == "0.0.0.0" || bound == "::"
        var names: Set<String> = []
        let configured = Self.unbracketed(configuredHost.lowercased())
        if !configured.isEmpty && configured != "0.0.0.0" && configured != "::" { names.insert(configured) }
        if !wildcard { names.insert(bound) }
        if wildcard || bound.hasPrefix("127.") || bound == "::1" { names.insert("localhost") }
        self.names = names
        anyIPLiteral = wildcard
    }

    /// Whether a `Host` header value (`localhost:8474`, `[::1]:8474`) names the admin address.
    public func allows(hostHeader: String?) -> Bool {
        guard let hostHeader, let (host, _) = Self.split(authority: hostHeader) else { return false }
        return names.contains(host) || (anyIPLiteral && Self.isIPLiteral(host))
    }

    /// Whether `Origin` is this server's own origin for a request whose `Host` is `hostHeader`: the page's calls
    /// carry the admin API's scheme and the very authority they were sent to.
    public func isSameOrigin(_ origin: String, hostHeader: String) -> Bool {
        let prefix = originScheme
        guard origin.lowercased().hasPrefix(prefix) else { return false }
        return origin.dropFirst(prefix.count).lowercased() == hostHeader.lowercased()
    }

    /// `name:port` → (lower-cased name without brackets, port); no port means 80. Nil when malformed.
    static func split(authority: String) -> (String, UInt16)? {
        let text = authority.lowercased()
        var host = Substring(text)
        var port: UInt16 = 80
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            guard host.contains(":") else { return nil }  // brackets hold IPv6 literals only
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = UInt16(rest.dropFirst()) else { return nil }
                port = number
            }
        } else if let colon = text.lastIndex(of: ":") {
            guard let number = UInt16(text[text.index(after: colon)...]) else { return nil }
            host = text[..<colon]
            port = number
        }
        guard !host.isEmpty else { return nil }
        return (String(host), port)
    }

    /// A dotted-quad IPv4 address or an IPv6 address (already without brackets).
    static func isIPLiteral(_ host: String) -> Bool {
        if host.contains(":") {
            return host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in part.count <= 3 && !part.isEmpty && UInt8(part) != nil }
    }

    private static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}
