/// An indexed min-heap of timers ordered by (deadline, sequence): O(log n) schedule, cancel and pop.
///
/// Shared by `EpollLoop` and `TestLoop` so that both run timers in exactly the same order.
public struct TimerQueue<Action> {
    @usableFromInline struct Entry {
        var deadline: Instant
        var sequence: UInt64
        var action: Action
    }

    @usableFromInline var heap: [Entry] = []
    /// Heap index of each live timer, keyed by its sequence number (which is also its `TimerID`).
    @usableFromInline var index: [UInt64: Int] = [:]
    @usableFromInline var nextSequence: UInt64 = 1

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }
    /// The earliest deadline, if any timer is pending.
    public var earliest: Instant? { heap.first?.deadline }

    public mutating func schedule(at deadline: Instant, _ action: Action) -> TimerID {
        let sequence = nextSequence
        nextSequence &+= 1
        heap.append(Entry(deadline: deadline, sequence: sequence, action: action))
        index[sequence] = heap.count - 1
        siftUp(heap.count - 1)
        return TimerID(rawValue: sequence)
    }

    /// Removes a pending timer and returns its action; nil when it already ran or was cancelled.
    @discardableResult
    public mutating func cancel(_ id: TimerID) -> Action? {
        guard let position = index[id.rawValue] else { return nil }
        return remove(at: position)
    }

    /// Pops the earliest timer if its deadline is at or before `now`.
    public mutating func popDue(now: Instant) -> (deadline: Instant, action: Action)? {
        guard let first = heap.first, first.deadline <= now else { return nil }
        let action = remove(at: 0)
        return (first.deadline, action)
    }

    private mutating func remove(at position: Int) -> Action {
        let removed = heap[position]
        index[removed.sequence] = nil
        let last = heap.count - 1
        if position != last {
            heap[position] = heap[last]
            index[heap[position].sequence] = position
            heap.removeLast()
            siftDown(position)
            siftUp(position)
        } else {
            heap.removeLast()
        }
        return removed.action
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        let x = heap[a]
        let y = heap[b]
        return x.deadline == y.deadline ? x.sequence < y.sequence : x.deadline < y.deadline
    }

    private mutating func swapAt(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        index[heap[a].sequence] = a
        index[heap[b].sequence] = b
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            let right = left + 1
            if right < heap.count, less(right, left) { smallest = right }
            guard less(smallest, parent) else { return }
            swapAt(smallest, parent)
            parent = smallest
        }
    }
}
