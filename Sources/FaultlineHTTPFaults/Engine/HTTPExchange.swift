/// The per-connection HTTP exchange engine: follows HTTP/1.1 framing both ways and applies the `http_*` faults.
import FaultlineCore

/// One engine per connection, sitting at the head of both directions, before their byte-level toxics.
///
/// ## API
///
/// ```swift
/// init(configuration: HTTPExchange.Configuration = .init(), midStream: Bool = false)
/// func add(_ fault: HTTPFaultSpec, seed: UInt64)
/// @discardableResult func update(_ fault: HTTPFaultSpec) -> Bool
/// @discardableResult func remove(named name: String, now: Instant, into out: inout [HTTPExchangeAction]) -> Bool
/// var faults: [HTTPFaultSpec] { get }
/// func receive(_ bytes: UnsafeRawBufferPointer, flowing direction: Direction, now: Instant,
///              into out: inout [HTTPExchangeAction])
/// func receive(_ event: StreamEvent, flowing direction: Direction, now: Instant, into out: inout [HTTPExchangeAction])
/// func receiveEnd(flowing direction: Direction, now: Instant, into out: inout [HTTPExchangeAction])
/// var nextWake: Instant? { get }
/// func wake(now: Instant, into out: inout [HTTPExchangeAction])
/// func heldBytes(_ direction: Direction) -> Int
/// func wantsInput(_ direction: Direction) -> Bool
/// var isDroppable: Bool { get }
/// var inFlightCount: Int { get }               // and inFlightStorage, for tests
/// var counters: HTTPFaultCounters { get }      // and takeCounters() -> HTTPFaultCounters
/// var passthroughReason: PassthroughReason? { get }
/// ```
///
/// ## Contract with the server
///
/// - **Feeding.** Everything read from the client is passed to `receive(_:flowing: .upstream, …)`, everything read
///   from the upstream to `receive(_:flowing: .downstream, …)`, and each EOF to `receiveEnd`, with the loop's
///   `now`. The server reads into its scratch buffer and passes it as is; nothing is copied unless it must be held.
/// - **Output.** Every call appends actions to `out` (the caller's array, reused across calls: clear it after
///   carrying them out), in order. `.forward(d, range)` names bytes of the buffer just passed (zero-copy, valid only
///   until the call returns); `.emit(d, slice)` carries bytes the engine owns. Both go into direction `d`: through
///   its byte-level toxics, if any, then to the socket. `.end(d)` is the stream's end for `d` (FIN once drained).
///   `.closeClient`/`.resetClient`/`.closeUpstream`/`.resetUpstream` act on one socket once what was emitted to that
///   peer has been written (see `HTTPExchangeAction`). After a close or reset of one side the other side may still
///   be in use (an `after_request` reset reads the upstream's response to its end, then closes it): the connection
///   is finished when both sockets are closed or both directions ended.
/// - **Time.** `nextWake` is the earliest instant at which `wake(now:into:)` has something to release (a delay);
///   re-arm one timer whenever it changes after a call.
/// - **Backpressure.** Delays hold bytes; so do heads still arriving and client bytes behind an `Upgrade` request
///   awaiting its answer. `heldBytes(d)` is what the engine holds of direction `d` (count it against the
///   direction's budget); stop reading `d`'s source while `wantsInput(d)` is false, and read again after any call
///   (release, response) that may have changed it. Heads are held whole, bodies never.
/// - **Faults.** `add` (with a seed derived from `--seed`, the connection and the toxic), `update` and `remove` are
///   live: a fault is decided per request when its head arrives, so edits apply from the next request. Removing an
///   `http_delay` releases what it holds (the toxic contract's flush); other decisions already taken stand.
/// - **Dropping.** When `isDroppable` is true the server may drop the engine and go back to plain forwarding: every
///   fault is gone and both directions are at a message boundary with nothing held, or the connection passes
///   through for good. A new engine for a connection that already carried bytes must be made with
///   `midStream: true` (see `HTTPExchange+Resync.swift` for how it finds the next request boundary).
/// - **Counters.** `counters` grows; `takeCounters()` hands them over and starts again, for the server to add to
///   the proxy's totals. `passthroughReason` says why the connection gave up parsing (log it once).
public final class HTTPExchange {
    /// Limits; the defaults are http-faults.md's.
    public struct Configuration: Sendable {
        /// The largest head (start line, fields, blank line) followed; a larger one turns the connection into a
        /// pass-through.
        public var maxHeadBytes: Int
        /// The most field lines in a head.
        public var maxHeaderCount: Int
        /// What a direction may hold (delays) before `wantsInput` turns false; the server's direction budget.
        public var holdBudget: Int
        /// The most requests in flight (pipelined, unanswered) before `wantsInput(.upstream)` turns false.
        public var maxInFlight: Int

        public init(
            maxHeadBytes: Int = 64 * 1024, maxHeaderCount: Int = 256, holdBudget: Int = 1 << 20,
            maxInFlight: Int = 1024
        ) {
            self.maxHeadBytes = maxHeadBytes
            self.maxHeaderCount = maxHeaderCount
            self.holdBudget = holdBudget
            self.maxInFlight = maxInFlight
        }
    }

    let configuration: Configuration
    var rules: [FaultRule] = []
    var nextRuleID = 0
    var request: RequestSide
    var response: ResponseSide
    /// Requests awaiting their answer, oldest first (`inFlightHead` is the oldest live entry).
    var inFlight: [InFlight] = []
    var inFlightHead = 0
    var outbox = PerDirection(repeating: Outbox())
    /// `.end(d)`, or a close or reset of `d`'s destination, was already asked for: nothing more goes there.
    var finished = PerDirection(repeating: false)
    /// The peer `d` flows to was closed or reset.
    var terminated = PerDirection(repeating: false)
    var sync: Sync
    /// Actions of the current call, handed to the caller's array at its end (the storage is kept).
    var pending: [HTTPExchangeAction] = []
    public internal(set) var counters = HTTPFaultCounters()
    public private(set) var passthroughReason: PassthroughReason?

    /// A new engine. `midStream` says the connection already carried bytes, so the engine must first find a
    /// request boundary it can trust before parsing (and faulting) anything.
    public init(configuration: Configuration = Configuration(), midStream: Bool = false) {
        self.configuration = configuration
        request = RequestSide(configuration)
        response = ResponseSide(configuration)
        sync = midStream ? .waiting(lastFromClient: false) : .synced
        if midStream {
            request.state = .resync
            response.state = .resync
        }
    }

    // MARK: Feeding

    public func receive(
        _ bytes: UnsafeRawBufferPointer, flowing direction: Direction, now: Instant,
        into out: inout [HTTPExchangeAction]
    ) {
        releaseDue(now)
        guard !bytes.isEmpty else { return hand(&out) }
        let input = Input(bytes: bytes, owned: nil)
        if direction == .upstream { receiveFromClient(input, now: now) } else { receiveFromUpstream(input, now: now) }
        hand(&out)
    }

    /// A `StreamEvent` as links carry it; `.forward` ranges then index the event's bytes.
    public func receive(
        _ event: StreamEvent, flowing direction: Direction, now: Instant, into out: inout [HTTPExchangeAction]
    ) {
        switch event {
        case .bytes(let bytes): bytes.withUnsafeBytes { receive($0, flowing: direction, now: now, into: &out) }
        case .end: receiveEnd(flowing: direction, now: now, into: &out)
        }
    }

    public func receiveEnd(flowing direction: Direction, now: Instant, into out: inout [HTTPExchangeAction]) {
        releaseDue(now)
        if direction == .upstream { clientEnded(now: now) } else { upstreamEnded(now: now) }
        hand(&out)
    }

    // MARK: Time and backpressure

    public var nextWake: Instant? {
        switch (outbox.upstream.nextRelease, outbox.downstream.nextRelease) {
        case (let a?, let b?): min(a, b)
        case (let a, let b): a ?? b
        }
    }

    public func wake(now: Instant, into out: inout [HTTPExchangeAction]) {
        releaseDue(now)
        hand(&out)
    }

    public func heldBytes(_ direction: Direction) -> Int {
        direction == .upstream
            ? outbox.upstream.byteCount + request.buffer.count + request.paused.count
            : outbox.downstream.byteCount + response.buffer.count
    }

    public func wantsInput(_ direction: Direction) -> Bool {
        if direction == .downstream { return outbox.downstream.byteCount < configuration.holdBudget }
        return outbox.upstream.byteCount + request.paused.count < configuration.holdBudget
            && inFlight.count - inFlightHead < configuration.maxInFlight
    }

    /// Requests whose answer has not gone out yet (for tests and diagnostics).
    public var inFlightCount: Int { inFlight.count - inFlightHead }

    /// Entries the pairing queue's storage holds, answered ones not yet dropped included (tests check the bound).
    public var inFlightStorage: Int { inFlight.count }

    public var isDroppable: Bool {
        guard outbox.upstream.isEmpty, outbox.downstream.isEmpty, request.paused.isEmpty else { return false }
        if case .passthrough = request.state, case .passthrough = response.state { return true }
        guard rules.isEmpty, inFlightCount == 0, request.buffer.isEmpty, response.buffer.isEmpty else { return false }
        return request.state.isBoundary && response.state.isBoundary
    }

    /// The counters so far, which then start again from zero.
    public func takeCounters() -> HTTPFaultCounters {
        defer { counters = HTTPFaultCounters() }
        return counters
    }

    // MARK: Internals shared by the extensions

    /// Moves this call's actions to the caller.
    private func hand(_ out: inout [HTTPExchangeAction]) {
        out.append(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    func countFault(_ rule: FaultRule, type: String? = nil) {
        counters.faults[HTTPFaultCounters.FaultKey(toxic: rule.spec.name, type: type ?? rule.spec.kind.typeName),
            default: 0] &+= 1
    }

    func countResponse(_ status: Int) { counters.responses[status, default: 0] &+= 1 }

    /// Records why the connection gave up parsing (the first reason only, counted once).
    func noteGiveUp(_ reason: PassthroughReason) {
        guard passthroughReason == nil else { return }
        passthroughReason = reason
        counters.passthrough[reason, default: 0] &+= 1
    }
}
