/// `mtu`: datagrams larger than `size` bytes are dropped (`oversized`), or cut to `size` with `truncate` (`truncated`).
///
/// Truncation shortens the payload in place (a buffer shared with a duplicate is copied first); datagrams up to
/// `size` pass untouched. Nothing is held and nothing random happens.
public struct DatagramMTU: DatagramToxic {
    public private(set) var attributes: DatagramMTUAttributes
    public private(set) var counters = DatagramCounters()

    public init(_ attributes: DatagramMTUAttributes) {
        self.attributes = attributes
    }

    public mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        let limit = Int(clamping: attributes.size)
        guard datagram.count > limit else {
            out.append(datagram)
            return
        }
        guard attributes.truncate else {
            counters.oversized &+= 1
            return
        }
        var datagram = datagram
        datagram.payload.removeLast(datagram.count - max(limit, 0))
        counters.truncated &+= 1
        out.append(datagram)
    }

    public mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool {
        guard case .mtu(let attributes) = kind else { return false }
        self.attributes = attributes
        return true
    }
}
