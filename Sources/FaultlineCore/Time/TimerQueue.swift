/// An indexed min-heap of timers ordered by (deadline, sequence): O(log n) schedule, cancel and pop.
///
/// Shared by `EpollLoop` and `TestLoop` so that both run timers in exactly the same order.
///
/// Inlinable so that each loop gets a copy specialised to its action type: the generic version looked up
/// type metadata on every call, and the loop calls it every tick.
public struct TimerQueue<Action> {
    @usableFromInline struct Entry {
        @usableFromInline var deadline: Instant
        @usableFromInline var sequence: UInt64
        @usableFromInline var action: Action

        @usableFromInline init(deadline: Instant, sequence: UInt64, action: Action) {
            self.deadline = deadline
            self.sequence = sequence
            self.action = action
        }
    }

    @usableFromInline var heap: [Entry] = []
    /// Heap index of each live timer, keyed by its sequence number (which is also its `TimerID`).
    @usableFromInline var index: [UInt64: Int] = [:]
    @usableFromInline var nextSequence: UInt64 = 1

    @inlinable public init() {}

    @inlinable public var isEmpty: Bool { heap.isEmpty }
    @inlinable public var count: Int { heap.count }
    /// The earliest deadline, if any timer is pending.
    @inlinable public var earliest: Instant? { heap.first?.deadline }

    @inlinable public mutating func schedule(at deadline: Instant, _ action: Action) -> TimerID {
        let sequence = nextSequence
        nextSequence &+= 1
        heap.append(Entry(deadline: deadline, sequence: sequence, action: action))
        index[sequence] = heap.count - 1
        siftUp(heap.count - 1)
        return TimerID(rawValue: sequence)
    }

    /// Removes a pending timer and returns its action; nil when it already ran or was cancelled.
    @inlinable @discardableResult
    public mutating func cancel(_ id: TimerID) -> Action? {
        guard let position = index[id.rawValue] else { return nil }
        return remove(at: position)
    }

    /// Pops the earliest timer if its deadline is at or before `now`.
    @inlinable public mutating func popDue(now: Instant) -> (deadline: Instant, action: Action)? {
        guard let first = heap.first, first.deadline <= now else { return nil }
        let action = remove(at: 0)
        return (first.deadline, action)
    }

    @inlinable mutating func remove(at position: Int) -> Action {
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

    @inlinable func less(_ a: Int, _ b: Int) -> Bool {
        let x = heap[a]
        let y = heap[b]
        return x.deadline == y.deadline ? x.sequence < y.sequence : x.deadline < y.deadline
    }

    @inlinable mutating func swapAt(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        index[heap[a].sequence] = a
        index[heap[b].sequence] = b
    }

    @inlinable mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    @inlinable mutating func siftDown(_ start: Int) {
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
