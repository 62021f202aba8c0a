/// `bandwidth` for datagrams: a link of `rate` KB/s with a drop-tail queue of `queue` bytes.
///
/// Each datagram costs its size plus `overhead` bytes on the wire (floored at 0; netem's `rate R PACKETOVERHEAD`)
/// and takes cost / rate to send, one after another; it leaves when its last byte is sent (netem's rate adds the
/// packet time to the send time the same way). The nanosecond remainders are carried while the link stays busy,
/// so a long run keeps the exact rate. The queue holds the datagrams waiting behind the one being sent: a datagram
/// that would take it past `queue` bytes (wire cost) is dropped and counted as `queueOverflow`; an idle link
/// always takes a datagram, whatever its size. `rate` 0 is no limit.
///
/// Update: datagrams already accepted keep their times; later ones use the new rate, overhead and queue. A switch
/// to `rate` 0 releases everything held at once. Removal does the same.
public struct DatagramBandwidth: DatagramToxic {
    public private(set) var attributes: DatagramBandwidthAttributes
    private var queue = DatagramQueue()
    /// Wire costs of the held datagrams, oldest first (`head` is the one being sent).
    private var costs: [Int] = []
    private var head = 0
    private var heldCost = 0
    /// When the last accepted datagram finishes sending.
    private var busyUntil = Instant.zero
    /// Nanosecond numerator left over from the last send time (cost · 10⁶ mod rate).
    private var remainder: UInt64 = 0
    public private(set) var counters = DatagramCounters()

    public init(_ attributes: DatagramBandwidthAttributes) {
        self.attributes = attributes
    }

    public mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        release(now: now, into: &out)
        guard attributes.rate > 0 else {
            out.append(datagram)
            return
        }
        let cost = max(datagram.count + Int(attributes.overhead), 0)
        if head < costs.count {
            let waiting = heldCost - costs[head]
            guard waiting + cost <= attributes.queue else {
                counters.queueOverflow &+= 1
                return
            }
        }
        if busyUntil < now {
            busyUntil = now
            remainder = 0
        }
        // KB/s → 10⁶ / rate nanoseconds per byte; cost ≤ 131,070 so the numerator stays far below 2⁶⁴.
        let numerator = UInt64(cost) * 1_000_000 + remainder
        let rate = UInt64(attributes.rate)
        remainder = numerator % rate
        busyUntil = busyUntil + .nanoseconds(Int64(numerator / rate))
        if busyUntil <= now {
            out.append(datagram)
            return
        }
        queue.insert(datagram, release: busyUntil)
        costs.append(cost)
        heldCost += cost
    }

    public var nextWake: Instant? { queue.nextRelease }

    public mutating func wake(now: Instant, into out: inout [UDPDatagram]) {
        release(now: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [UDPDatagram]) {
        queue.drain(into: &out)
        resetCosts()
    }

    public var heldBytes: Int { queue.heldBytes }

    public mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool {
        guard case .bandwidth(let attributes) = kind else { return false }
        self.attributes = attributes
        if attributes.rate == 0 {
            flush(now: now, into: &out)
            busyUntil = now
            remainder = 0
        }
        return true
    }

    private mutating func release(now: Instant, into out: inout [UDPDatagram]) {
        while let datagram = queue.popDue(now: now) {
            heldCost -= costs[head]
            head += 1
            out.append(datagram)
        }
        if head == costs.count {
            resetCosts()
        } else if head >= 64, head * 2 >= costs.count {
            costs.removeFirst(head)
            head = 0
        }
    }

    private mutating func resetCosts() {
        costs.removeAll(keepingCapacity: true)
        head = 0
        heldCost = 0
    }
}
