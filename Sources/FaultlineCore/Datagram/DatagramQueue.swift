/// Held datagrams ordered by release time, ties in arrival order: the storage of every datagram toxic that delays.
///
/// A binary min-heap keyed by (release, arrival sequence), so a toxic whose delays vary (jitter) releases in time
/// order and one whose delays are constant releases first in, first out — netem's tfifo, which sorts by
/// `time_to_send` and puts equal times after those already queued. Datagrams are moved in and out, never copied.
public struct DatagramQueue {
    struct Entry {
        var release: Instant
        var sequence: UInt64
        var datagram: UDPDatagram

        func precedes(_ other: Entry) -> Bool {
            release == other.release ? sequence < other.sequence : release < other.release
        }
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0
    /// Payload plus `UDPDatagram.heldOverhead` for every held datagram.
    public private(set) var heldBytes = 0

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }
    /// The earliest release time held.
    public var nextRelease: Instant? { heap.first?.release }

    public mutating func insert(_ datagram: consuming UDPDatagram, release: Instant) {
        heldBytes += datagram.heldCost
        heap.append(Entry(release: release, sequence: nextSequence, datagram: datagram))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    /// Removes and returns the earliest datagram if it is due at `now`.
    public mutating func popDue(now: Instant) -> UDPDatagram? {
        guard let first = heap.first, first.release <= now else { return nil }
        return popFirst()
    }

    /// Appends every datagram due at `now` to `out`, in release order.
    public mutating func releaseDue(now: Instant, into out: inout [UDPDatagram]) {
        while let datagram = popDue(now: now) { out.append(datagram) }
    }

    /// Appends every held datagram to `out` in release order and empties the queue.
    public mutating func drain(into out: inout [UDPDatagram]) {
        while let datagram = popFirst() { out.append(datagram) }
    }

    private mutating func popFirst() -> UDPDatagram? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let entry = heap.removeLast()
        heldBytes -= entry.datagram.heldCost
        if !heap.isEmpty { siftDown(0) }
        return entry.datagram
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var first = left
            if left + 1 < heap.count, heap[left + 1].precedes(heap[left]) { first = left + 1 }
            guard heap[first].precedes(heap[parent]) else { return }
            heap.swapAt(first, parent)
            parent = first
        }
    }
}
