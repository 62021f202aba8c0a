/// What the admin API's additions ask of the server: every toxic type it decodes, and the dashboard's counters.
import FaultlineAdmin
import FaultlineCore
import FaultlineDNS
import FaultlineHTTPFaults

extension Server {
    /// `GET /toxic-types`: TCP (Core's types, then `http_*`), DNS, then the datagram types of `udp` proxies. Each
    /// module describes its own types from its decoder's tables.
    public static let toxicTypeCatalogue: [ToxicTypeDescription] =
        ToxicKind.descriptions + HTTPFaultKind.descriptions + DNSFaultKind.descriptions
        + DatagramToxicKind.descriptions

    public func toxicTypes() -> [ToxicTypeDescription] { Self.toxicTypeCatalogue }

    /// The latest counters, never waited for (`TrafficSampler`).
    public func trafficSample() -> TrafficSample? { trafficSampler.viewed(on: self) }
}
