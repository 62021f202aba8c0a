/// The dashboard's credentials for the admin listener: a fresh token per process and the address the page names.
import FaultlineAdmin
import FaultlineCore
import FaultlinePosix
import Logging

extension AdminListener {
    /// 32 random bytes as hex, the admin address as bound; nil when the dashboard is off or no secure token can be
    /// made (then `/ui` answers 404 and the API keeps Toxiproxy's browser guard exactly).
    static func dashboardAccess(
        config: ServerConfig, host: String, address: SocketAddress, _ logger: Logger
    ) -> DashboardAccess? {
        guard config.dashboard else { return nil }
        let token: String
        do {
            token = try SecureRandom.hex(byteCount: 32)
        } catch {
            logger.error("dashboard disabled: no random token", metadata: ["reason": "\(error)"])
            return nil
        }
        let authority = AdminAuthority(configuredHost: host, boundHost: address.hostText, port: address.port)
        let shown = host.contains(":") ? "[\(host)]" : host
        logger.info("dashboard", metadata: ["url": "http://\(shown):\(address.port)/ui"])
        return DashboardAccess(token: token, authority: authority)
    }
}
