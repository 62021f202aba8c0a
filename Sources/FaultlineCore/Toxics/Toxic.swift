/// The contract every toxic keeps: a pure state machine for one fault on one direction of one connection.
///
/// A toxic does no I/O. It learns the time from `now`, the data from `receive`, and says what should happen
/// by appending actions to `out`. Bytes it holds must either come out later (`wake`/`flush`) or be given up
/// explicitly by a `.close`/`.reset` action; `flush` is called when the toxic leaves a link and must hand
/// over everything still held (the "never drop bytes on removal" rule), except where the toxic's documented
/// semantics say otherwise (timeout closes).
public protocol Toxic {
    /// Takes one event from the previous stage at time `now`.
    mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction])
    /// The earliest time at which `wake` has something to do; nil when nothing is pending.
    var nextWake: Instant? { get }
    /// Called at or after `nextWake`; releases whatever is due at `now`.
    mutating func wake(now: Instant, into out: inout [ToxicAction])
    /// The toxic is leaving the link: emit everything still held, without applying the fault.
    mutating func flush(now: Instant, into out: inout [ToxicAction])
    /// Bytes currently held inside the toxic; counted against the direction's memory budget.
    var heldBytes: Int { get }
    /// False while the toxic holds as much as it usefully can (rate limiters): the reader then stops,
    /// so that TCP pushes back on the sender instead of the proxy buffering.
    var wantsInput: Bool { get }
    /// Adopts new settings while keeping runtime state, releasing anything the change makes due at `now`.
    /// Returns false, appending nothing, when `kind` is another toxic type: the caller then flushes and replaces.
    mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool
    /// Whether a chunk of `count` bytes arriving at `now` would leave at once, whole and unchanged, with nothing
    /// held and no random draw: then the link may hand such a chunk straight to the socket (or splice it) instead
    /// of routing it through the toxic, and calls `pass` so the toxic still counts it. No state may change here.
    func canPass(_ count: Int, now: Instant) -> Bool
    /// Records a chunk of `count` bytes that `canPass` allowed and that went straight through.
    mutating func pass(_ count: Int, now: Instant)
}

extension Toxic {
    public var nextWake: Instant? { nil }
    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {}
    public mutating func flush(now: Instant, into out: inout [ToxicAction]) {}
    public var heldBytes: Int { 0 }
    public var wantsInput: Bool { true }
    public func canPass(_ count: Int, now: Instant) -> Bool { false }
    public mutating func pass(_ count: Int, now: Instant) {}
}
