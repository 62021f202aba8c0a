/// `udp` proxy-table changes as values: the control loop sends them to the one data loop that runs the proxy.
import FaultlineCore
import FaultlinePosix

enum UDPCommand: Sendable {
    /// Start serving on `listener` (this loop's own duplicate of the socket the control loop bound; the loop owns
    /// it from now on), relaying to `upstream`. `seed` is the proxy's own stream: sessions draw from it in order.
    case start(
        proxy: String, listener: CInt, upstream: SocketAddress, settings: UDPProxySettings, toxics: [ToxicSpec],
        seed: UInt64)
    /// Close the listener and every session; the counters stay.
    case stop(proxy: String)
    /// New idle timeout or session cap: applies at once (a lower cap evicts the sessions idle the longest).
    case settings(proxy: String, UDPProxySettings)
    case addToxic(proxy: String, ToxicSpec)
    case updateToxic(proxy: String, ToxicSpec)
    case removeToxic(proxy: String, name: String)
    /// Counters of one proxy, or of every UDP proxy on the loop (nil).
    case stats(proxy: String?)
}
