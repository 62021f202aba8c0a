/// One UDP payload moving through a datagram link: its bytes, boundaries kept, shared rather than copied.
///
/// The payload is a plain `[UInt8]` of exactly the datagram's size, so it is copy-on-write: passing a datagram
/// down the chain, holding it in a queue or duplicating it shares one buffer, and only a toxic that changes bytes
/// (corrupt, truncating mtu) pays for a copy, and only when the buffer is shared. Why not a slice of the session's
/// `recvmmsg` batch buffer: a datagram held by latency would pin the whole batch (64 × 64 KiB for one 20-byte
/// datagram) and stop the buffer's reuse for the next batch. So the server copies each datagram out of the batch
/// once, exactly sized, when (and only when) the direction has toxics; without toxics it sends from the batch.
public struct UDPDatagram: Equatable, Sendable {
    /// What each held datagram costs beyond its payload (array header, queue entry), for memory budgets.
    public static let heldOverhead = 64
    /// The largest UDP payload over IPv4 (65,535 − 8-byte UDP header − 20-byte IP header).
    public static let maximumSize = 65_507

    public var payload: [UInt8]

    @inlinable public init(_ payload: [UInt8]) { self.payload = payload }

    /// Copies `bytes` (one datagram of a receive batch) into a buffer of its own.
    @inlinable public init(copying bytes: UnsafeRawBufferPointer) { self.payload = [UInt8](bytes) }

    @inlinable public var count: Int { payload.count }

    /// Payload plus `heldOverhead`: what holding this datagram costs.
    @inlinable public var heldCost: Int { payload.count + Self.heldOverhead }

    /// An empty datagram, used to move a datagram out of an array slot without retaining its buffer twice.
    @usableFromInline static let placeholder = UDPDatagram([])
}
