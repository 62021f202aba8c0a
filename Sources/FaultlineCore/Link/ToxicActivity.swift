/// What one toxic has done on one direction of one connection, for /metrics: bytes in and out, events delayed.
public struct ToxicActivity: Equatable, Sendable {
    public var bytesIn: UInt64 = 0
    public var bytesOut: UInt64 = 0
    /// Events (chunks, the end of the stream) the toxic let out on a wake-up rather than when they came in.
    public var delayedEvents: UInt64 = 0

    public init() {}

    /// Bytes that went in and neither came out nor are held: what the toxic dropped (a timeout's swallowed data,
    /// a lost packet in `drop` mode, what `limit_data` refused).
    public func droppedBytes(holding held: Int) -> UInt64 {
        let accounted = bytesOut &+ UInt64(max(0, held))
        return bytesIn > accounted ? bytesIn - accounted : 0
    }

    public mutating func add(_ other: ToxicActivity) {
        bytesIn &+= other.bytesIn
        bytesOut &+= other.bytesOut
        delayedEvents &+= other.delayedEvents
    }
}
