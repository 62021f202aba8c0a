/// What a proxy's `upstream` text means for dialling: an address, a hostname to resolve per dial, or nonsense.
import FaultlinePosix

enum UpstreamTarget {
    case address(SocketAddress)
    case hostname(String, port: UInt16)
    /// Toxiproxy accepts any upstream text at creation; each connection then fails with this reason.
    case invalid(reason: String)

    init(_ text: String) {
        do {
            let parsed = try HostPort.parse(text)
            if let numeric = SocketAddress(numericHost: parsed.host, port: parsed.port) {
                self = .address(numeric)
            } else if parsed.host.isEmpty {
                // Go dials the local system for an empty host.
                self = .address(SocketAddress(numericHost: "127.0.0.1", port: parsed.port) ?? .ipv6Wildcard(port: parsed.port))
            } else {
                self = .hostname(parsed.host, port: parsed.port)
            }
        } catch {
            self = .invalid(reason: "address \(text): \(error.reason)")
        }
    }
}
