/// `loss`: TCP segment loss as an application on Linux sees it: stalls while retransmissions recover, bytes exact.
///
/// Data is cut into segments of at most `segment_size` bytes (a chunk's last partial segment counts as one).
/// Every transmission, original or retransmission, is lost or not by `GilbertLoss` (mean `probability`, mean
/// run `burst`), one draw each from the toxic's own generator, in the order the transmissions happen in time
/// (retransmissions due by a chunk's arrival are drawn before its segments; ties by when they were scheduled).
///
/// Recovery (Linux's constants, dns-and-loss.md §3.1): a lost segment is retransmitted
/// - `rtt` × 1.25 (at least 1 ms) after the third later segment was sent (fast retransmit / RACK), if three
///   follow it before its first recovery is due: within the same chunk that is at once, and later chunks count
///   too, since they are the same flight until the loss is repaired;
/// - otherwise 2·`rtt` + `rto_min` after it was sent (the tail loss probe), capped by the RTO;
/// - a lost retransmission waits RTO = `rtt` + `rto_min`, doubling per further loss, at most `rto_max`
///   (so with the defaults a segment lost again and again is retried at +200, +200, +400, +800 ms …).
/// A segment is ready when a transmission of it gets through; bytes leave in order, segment k at
/// max(release of k−1, its ready time), and `.end` stays behind the data. A segment lost more than
/// `max_retries` times in a row gives up at the time its next retransmission was due: what precedes it is
/// delivered, then `.reset` (real TCP would report ETIMEDOUT minutes later); later input is ignored.
///
/// `mode: "drop"` discards lost segments instead (no retransmission, no stall): the stream loses exactly those
/// bytes, which real TCP never does. Memory: `wantsInput` is false while `heldBytes` (payload plus 64 bytes of
/// bookkeeping per held piece) reaches `window`, so the reader stops and the sender blocks as on a full window.
///
/// Update: like a link whose loss changes: later draws, segments and waits use the new settings and the loss
/// chain keeps its state; retransmissions already scheduled keep their times (a pending loss still costs its
/// RTO), a lowered `max_retries` applies at a segment's next attempt, and a switch to `drop` does not discard
/// what is already held. Removal delivers everything held at once, in order, without the fault.
public struct Loss: Toxic {
    public typealias Attributes = LossAttributes

    /// What each held piece costs beyond its payload, counted against `window` and the memory budget.
    public static let pieceOverhead = 64

    public private(set) var attributes: Attributes
    var settings: Settings
    var generator: SplitMix64
    var chain: GilbertLoss
    var queue = LossQueue()
    /// Pending transmissions of lost segments.
    var attempts = RetransmitSchedule()
    /// Lost segments in their first recovery and the number of each, until three later segments are sent.
    var awaitingFollowers: [(serial: UInt64, number: UInt64)] = []
    /// Segments transmitted so far: the next segment's number.
    var segmentsSent: UInt64 = 0
    /// Set once a segment gave up: the connection is being reset.
    public internal(set) var hasReset = false

    public init(_ attributes: Attributes, seed: UInt64) {
        self.attributes = attributes
        self.settings = Settings(attributes)
        self.generator = SplitMix64(seed: seed)
        self.chain = GilbertLoss(probability: attributes.probability, burst: attributes.burst)
    }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        guard !hasReset else { return }
        runAttempts(upTo: now)
        switch event {
        case .end:
            guard !queue.isEmpty else {
                out.append(.emit(.end))
                return
            }
            queue.append(LossQueue.Piece(payload: [], isEnd: true, state: .ready))
        case .bytes(let bytes):
            if transmit(bytes, now: now), queue.isEmpty {
                // Nothing lost and nothing ahead: the chunk leaves whole, uncopied.
                out.append(.emit(event))
                dropStaleAttempts()
                return
            }
        }
        release(into: &out)
        dropStaleAttempts()
    }

    /// Exact: stale schedule entries are dropped before every return, so the head is always a live attempt.
    public var nextWake: Instant? { hasReset ? nil : attempts.first?.time }

    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {
        guard !hasReset else { return }
        runAttempts(upTo: now)
        release(into: &out)
        dropStaleAttempts()
    }

    public mutating func flush(now: Instant, into out: inout [ToxicAction]) {
        var bytes: [UInt8] = []
        while let piece = queue.popFirst() {
            if piece.isEnd {
                emit(&bytes, into: &out)
                out.append(.emit(.end))
            } else {
                bytes.append(contentsOf: piece.payload)
            }
        }
        emit(&bytes, into: &out)
        attempts.removeAll()
        awaitingFollowers.removeAll()
    }

    public var heldBytes: Int { queue.payloadBytes + queue.count * Self.pieceOverhead }

    public var wantsInput: Bool { hasReset || heldBytes < settings.window }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard case .loss(let attributes) = kind else { return false }
        // Unchanged settings (a PATCH of toxicity or name only) must not disturb what is in flight.
        guard attributes != self.attributes else { return true }
        self.attributes = attributes
        settings = Settings(attributes)
        chain.setParameters(probability: attributes.probability, burst: attributes.burst)
        return true
    }
}
