/// `blackhole`: a partition. Every datagram is dropped (`blackholed`) while the toxic is present; nothing is held.
///
/// Which sessions are cut off is the toxic's `toxicity`, rolled per session when it joins the session's link.
public struct DatagramBlackhole: DatagramToxic {
    public private(set) var counters = DatagramCounters()

    public init() {}

    public mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        _ = consume datagram
        counters.blackholed &+= 1
    }

    public mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool {
        guard case .blackhole = kind else { return false }
        return true
    }
}
