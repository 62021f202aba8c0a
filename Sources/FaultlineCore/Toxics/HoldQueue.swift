/// A FIFO of events waiting for their release time: the storage every time-shifting toxic shares.
///
/// Backed by an array with a moving head (compacted now and then), so append and pop are amortised O(1)
/// and the storage is reused across bursts instead of reallocated.
public struct HoldQueue {
    /// One held event with the time it may leave and the time it arrived (kept so updates can re-time it).
    public struct Entry: Equatable, Sendable {
        public var release: Instant
        public var received: Instant
        public var event: StreamEvent

        @inlinable public init(release: Instant, received: Instant, event: StreamEvent) {
            self.release = release
            self.received = received
            self.event = event
        }
    }

    private var storage: [Entry] = []
    private var head = 0
    /// Payload bytes of all held events.
    public private(set) var byteCount = 0

    public init() {}

    public var isEmpty: Bool { head == storage.count }
    public var count: Int { storage.count - head }
    public var first: Entry? { isEmpty ? nil : storage[head] }
    public var last: Entry? { isEmpty ? nil : storage[storage.count - 1] }

    /// The held entry `offset` places behind the head.
    public subscript(offset: Int) -> Entry { storage[head + offset] }

    public mutating func append(_ entry: Entry) {
        byteCount += entry.event.byteCount
        storage.append(entry)
    }

    public mutating func append(_ event: StreamEvent, release: Instant, received: Instant) {
        append(Entry(release: release, received: received, event: event))
    }

    /// Removes and returns the oldest entry.
    public mutating func popFirst() -> Entry? {
        guard !isEmpty else { return nil }
        let entry = storage[head]
        // Drop the slot's reference now so the bytes are freed when the caller is done, not at compaction.
        storage[head].event = .end
        head += 1
        byteCount -= entry.event.byteCount
        compactIfWorthwhile()
        return entry
    }

    /// Removes and returns the oldest entry if its release time is at or before `now`.
    public mutating func popDue(now: Instant) -> Entry? {
        guard !isEmpty, storage[head].release <= now else { return nil }
        return popFirst()
    }

    /// Changes the oldest entry in place (for toxics that release a chunk piece by piece).
    public mutating func modifyFirst(_ body: (inout Entry) -> Void) {
        guard !isEmpty else { return }
        byteCount -= storage[head].event.byteCount
        body(&storage[head])
        byteCount += storage[head].event.byteCount
    }

    /// Visits every entry oldest first, e.g. to recompute release times after an update.
    public mutating func retime(_ body: (inout Entry) -> Void) {
        var index = head
        while index < storage.count {
            let bytes = storage[index].event.byteCount
            body(&storage[index])
            byteCount += storage[index].event.byteCount - bytes
            index += 1
        }
    }

    /// Emits every held event in order and empties the queue (a toxic's flush).
    public mutating func drain(into out: inout [ToxicAction]) {
        var index = head
        while index < storage.count {
            out.append(.emit(storage[index].event))
            index += 1
        }
        removeAll()
    }

    public mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        head = 0
        byteCount = 0
    }

    private mutating func compactIfWorthwhile() {
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }
}
