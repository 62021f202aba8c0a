/// What the admin API's additions ask of the server: every toxic type it decodes, the dashboard's counters, and its
/// credentials.
import FaultlineAdmin
import FaultlineCore
import FaultlineDNS
import FaultlineHTTPFaults
import FaultlinePosix
import FaultlineTLS

extension Server {
    /// `GET /toxic-types`: TCP (Core's types, then `http_*` and `tls_*`), DNS, then the datagram types of `udp`
    /// proxies. Each module describes its own types from its decoder's tables.
    public static let toxicTypeCatalogue: [ToxicTypeDescription] =
        ToxicKind.descriptions + HTTPFaultKind.descriptions + TLSFaultDescriptions.descriptions
        + DNSFaultKind.descriptions + DatagramToxicKind.descriptions

    public func toxicTypes() -> [ToxicTypeDescription] { Self.toxicTypeCatalogue }

    /// The latest counters, never waited for (`TrafficSampler`).
    public func trafficSample() -> TrafficSample? { trafficSampler.viewed(on: self) }

    /// A fresh token (32 bytes of getrandom as hex) and the names the admin address answers to; nil when the
    /// dashboard is off or no secure token can be made (then `/ui` answers 404 and the guard is Toxiproxy's).
    func dashboardAccess() -> DashboardAccess? {
        guard config.dashboard else { return nil }
        let token: String
        do {
            token = try SecureRandom.hex(byteCount: 32)
        } catch {
            logger.error("dashboard disabled: no random token", metadata: ["reason": "\(error)"])
            return nil
        }
        // The address the TCP listener binds, resolved the same way; a Unix-socket-only admin answers to localhost.
        let host = config.adminHost ?? "localhost"
        let text = host.contains(":") ? "[\(host)]:\(config.adminPort)" : "\(host):\(config.adminPort)"
        let bound = (try? ListenAddress.resolve(text))?.hostText ?? "127.0.0.1"
        let secure = config.adminTLS != nil
        if config.adminHost != nil {
            logger.info("dashboard", metadata: ["url": "\(secure ? "https" : "http")://\(text)/ui"])
        }
        return DashboardAccess(
            token: token, authority: AdminAuthority(configuredHost: host, boundHost: bound, secure: secure))
    }
}
