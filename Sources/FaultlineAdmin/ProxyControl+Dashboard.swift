/// What `/toxic-types` and the dashboard ask of the server, with defaults for controls that know only Core.
import FaultlineCore

extension ProxyControl {
    /// Core's TCP toxic types; the server adds the `http_*`, DNS and datagram types its other modules decode.
    public func toxicTypes() -> [ToxicTypeDescription] { ToxicKind.descriptions }

    /// No counters: the dashboard then shows the table without traffic.
    public func trafficSample() -> TrafficSample? { nil }
}
