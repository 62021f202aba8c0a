/// The contract of a datagram toxic: a pure state machine taking one datagram at `now`, emitting datagrams at instants.
///
/// The sibling of `Toxic` for UDP (DESIGN §2.7). A toxic does no I/O and reads no clock: it gets the time as `now`
/// and randomness from its own seeded `SplitMix64`. Whatever it appends to `out` leaves at `now` — at once from
/// `receive`, or later from `wake`, which its owner calls at `nextWake`. Unlike a byte stream, a datagram may be
/// dropped (counted in `counters` by cause), duplicated, altered or overtaken; boundaries are always kept.
///
/// Removal (`flush`) hands over every datagram the client sent that is still held, unaltered and at once; what
/// the fault itself created and has not sent (a duplicate's pending copies) is discarded. `update` adopts new
/// settings of the same type while keeping state; it returns false, appending nothing, for another type (the
/// link then flushes and replaces the toxic).
public protocol DatagramToxic {
    /// Takes one datagram from the previous stage at time `now`.
    mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram])
    /// The earliest time at which `wake` has something to release; nil when nothing is held.
    var nextWake: Instant? { get }
    /// Called at or after `nextWake`; releases whatever is due at `now`, in release order.
    mutating func wake(now: Instant, into out: inout [UDPDatagram])
    /// The toxic is leaving the link: emit everything held from the client at once, without the fault.
    mutating func flush(now: Instant, into out: inout [UDPDatagram])
    /// Payload bytes held plus `UDPDatagram.heldOverhead` per held datagram, for the session's memory budget.
    var heldBytes: Int { get }
    /// Drops by cause and alterations by kind, since the toxic was made.
    var counters: DatagramCounters { get }
    /// Adopts new settings of the same type at `now`; false for another type.
    mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool
}

extension DatagramToxic {
    public var nextWake: Instant? { nil }
    public mutating func wake(now: Instant, into out: inout [UDPDatagram]) {}
    public mutating func flush(now: Instant, into out: inout [UDPDatagram]) {}
    public var heldBytes: Int { 0 }
}

/// Stands in for a toxic whose toxicity roll said "not this session": passes every datagram on untouched.
struct DatagramPassthrough: DatagramToxic {
    mutating func receive(_ datagram: consuming UDPDatagram, now: Instant, into out: inout [UDPDatagram]) {
        out.append(datagram)
    }

    var counters: DatagramCounters { DatagramCounters() }

    mutating func update(to kind: DatagramToxicKind, now: Instant, into out: inout [UDPDatagram]) -> Bool { true }
}
