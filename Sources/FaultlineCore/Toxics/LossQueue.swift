/// The pieces of stream a `loss` toxic holds, oldest first, each addressed by a serial number that never changes.
///
/// A piece is a lost segment, a run of segments that arrived intact but wait behind a lost one, or the end of
/// the stream. Backed by an array with a moving head, like `HoldQueue`, so serials map to positions in O(1).
struct LossQueue {
    /// One held piece and where its recovery stands.
    struct Piece {
        enum State {
            /// May leave as soon as everything before it has.
            case ready
            /// Waiting for a retransmission that gets through.
            case lost(Recovery)
            /// Lost more than `max_retries` times in a row: the connection resets when its turn comes.
            case failed
        }

        /// The bytes, a view into the chunk they arrived in (empty for the end of the stream).
        var payload: ArraySlice<UInt8>
        var isEnd: Bool
        var state: State
    }

    /// A lost segment's retransmission schedule.
    struct Recovery {
        /// Losses of this segment in a row so far, the original transmission included.
        var losses: Int64
        /// When the next transmission happens.
        var attempt: Instant
        /// The wait before `attempt` after a lost retransmission; nil while the first recovery (fast retransmit
        /// or tail loss probe) is pending, which is the only one that followers can bring forward.
        var backoff: Duration?
        /// The order number of the schedule entry for `attempt`; other entries for this piece are stale.
        var order: UInt64?
    }

    private var storage: [Piece] = []
    private var head = 0
    /// Serial number of the oldest piece.
    private(set) var firstSerial: UInt64 = 0
    /// Payload bytes of all held pieces.
    private(set) var payloadBytes = 0

    var isEmpty: Bool { head == storage.count }
    var count: Int { storage.count - head }
    var first: Piece? { isEmpty ? nil : storage[head] }

    /// Appends a piece and returns its serial.
    @discardableResult
    mutating func append(_ piece: Piece) -> UInt64 {
        payloadBytes += piece.payload.count
        storage.append(piece)
        return firstSerial + UInt64(count - 1)
    }

    /// The held piece with this serial, if it is still held.
    func piece(_ serial: UInt64) -> Piece? {
        guard serial >= firstSerial, serial - firstSerial < UInt64(count) else { return nil }
        return storage[head + Int(serial - firstSerial)]
    }

    /// Replaces the state of a held piece.
    mutating func setState(_ state: Piece.State, of serial: UInt64) {
        guard serial >= firstSerial, serial - firstSerial < UInt64(count) else { return }
        storage[head + Int(serial - firstSerial)].state = state
    }

    mutating func popFirst() -> Piece? {
        guard !isEmpty else { return nil }
        let piece = storage[head]
        // Drop the slot's reference now so the chunk can be freed when the caller is done, not at compaction.
        storage[head].payload = []
        head += 1
        firstSerial += 1
        payloadBytes -= piece.payload.count
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return piece
    }

    /// Empties the queue; serials keep counting up, so stale references never match a new piece.
    mutating func removeAll() {
        firstSerial += UInt64(count)
        storage.removeAll(keepingCapacity: false)
        head = 0
        payloadBytes = 0
    }
}
