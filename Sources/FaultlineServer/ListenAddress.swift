/// Turns a proxy's `listen` text into the address to bind, with Go's rules and error texts.
import FaultlineCore
import FaultlinePosix

enum ListenAddress {
    /// `""`, `:P`, `0.0.0.0:P` and `[::]:P` bind the dual-stack wildcard `[::]:P`; hostnames resolve (IPv4 first).
    static func resolve(_ text: String) throws(FaultlineError) -> SocketAddress {
        let parsed: HostPort
        if text.isEmpty {
            parsed = HostPort(host: "", port: 0)
        } else {
            do { parsed = try HostPort.parse(text) } catch { throw .invalidAddress(address: text, reason: error.reason) }
        }
        if parsed.host.isEmpty || parsed.host == "0.0.0.0" || parsed.host == "::" {
            return .ipv6Wildcard(port: parsed.port)
        }
        if let numeric = SocketAddress(numericHost: parsed.host, port: parsed.port) { return numeric }
        switch Resolver.resolveBlocking(host: parsed.host, port: parsed.port) {
        case .success(let addresses):
            guard let first = addresses.first else { throw .internalError("listen tcp: lookup \(parsed.host): no such host") }
            return first
        case .failure(let error):
            throw .internalError("listen tcp: \(error)")
        }
    }

    /// Binds and listens, mapping errno to Toxiproxy's `listen tcp ADDR: bind: …` text.
    static func bind(_ address: SocketAddress, given text: String) throws(FaultlineError) -> TCPSocket {
        do {
            return try TCPSocket.listen(on: address)
        } catch {
            let shown = address.isWildcard && (text.hasPrefix(":") || text.isEmpty) ? text : address.description
            throw .listenFailed(address: shown, reason: "bind: \(error)")
        }
    }
}
