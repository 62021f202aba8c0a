/// The pending retransmissions of a `loss` toxic: a binary min-heap by (time, order of scheduling).
///
/// Entries are never removed from the middle: a retransmission brought forward is scheduled again and its old
/// entry goes stale; the toxic recognises stale entries by their order number and skips them. That keeps every
/// operation a plain array heap step (no index dictionary), which matters when thousands of segments are lost.
struct RetransmitSchedule {
    struct Entry {
        var time: Instant
        /// Unique and increasing: ties leave in scheduling order, and a piece records the order it waits for.
        var order: UInt64
        /// The serial of the lost piece in the toxic's queue.
        var serial: UInt64
    }

    private var heap: [Entry] = []
    private var nextOrder: UInt64 = 0

    var first: Entry? { heap.first }
    var isEmpty: Bool { heap.isEmpty }

    /// Schedules a transmission of piece `serial` at `time`; returns the entry's order number.
    mutating func schedule(at time: Instant, serial: UInt64) -> UInt64 {
        let order = nextOrder
        nextOrder &+= 1
        heap.append(Entry(time: time, order: order, serial: serial))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
        return order
    }

    mutating func popFirst() -> Entry? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return top }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, less(left, smallest) { smallest = left }
            if right < heap.count, less(right, smallest) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }

    mutating func removeAll() {
        heap.removeAll()
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        heap[a].time == heap[b].time ? heap[a].order < heap[b].order : heap[a].time < heap[b].time
    }
}
