/// `corrupt`: with `probability`, flips `bits` distinct random bits of a datagram's payload.
///
/// netem flips one random bit of one random byte (`corrupt P`); `bits` generalises that to k distinct bit
/// positions, chosen uniformly among the payload's 8·n bits by Floyd's sampling (k draws; all bits when k ≥ 8·n).
/// One uniform draw decides each datagram, then one draw per bit. The flip happens in place when the payload's
/// buffer is not shared; a buffer shared with a duplicate is copied first, so the other copy stays intact. An
/// empty datagram has nothing to flip and is not counted. Corrupted datagrams are counted as `corrupted`.
public struct DatagramCorrupt: DatagramToxic {
    public private(set) var attributes: DatagramCorruptAttributes
    private var generator: SplitMix64
    public private(set) var counters = DatagramCounters()

    public init(_ attributes: DatagramCorruptAttributes, seed: UInt64) {
        self.attributes = attributes
        self.generator = SplitMix64(seed: seed)
    }

    public mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        var datagram = datagram
        if generator.nextUnitDouble() < attributes.probability, datagram.count > 0 {
            for position in positions(count: Int(attributes.bits), among: datagram.count * 8) {
                datagram.payload[position >> 3] ^= UInt8(1) << UInt8(position & 7)
            }
            counters.corrupted &+= 1
        }
        out.append(datagram)
    }

    public mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool {
        guard case .corrupt(let attributes) = kind else { return false }
        self.attributes = attributes
        return true
    }

    /// `count` distinct bit positions in 0..<total, uniformly (Robert Floyd's algorithm: one draw per position).
    private mutating func positions(count: Int, among total: Int) -> [Int] {
        let wanted = min(max(count, 0), total)
        guard wanted < total else { return Array(0..<total) }
        var chosen: Set<Int> = []
        var order: [Int] = []
        for upper in (total - wanted)..<total {
            let pick = Int(generator.next(upperBound: UInt64(upper + 1)))
            let position = chosen.contains(pick) ? upper : pick
            chosen.insert(position)
            order.append(position)
        }
        return order
    }
}
