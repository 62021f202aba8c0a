/// What one direction holds back: output behind a delay gate, kept in order with the actions that follow it.
import FaultlineCore

/// Empty almost always: output goes straight to the server unless a gate is in front of it. While a gate waits,
/// everything later in the direction (bytes, ends, closes) queues behind it, so order is kept.
struct Outbox {
    enum Item {
        case gate(Gate)
        case bytes(ArraySlice<UInt8>)
        case action(HTTPExchangeAction)
        /// Already released (its bytes are let go at once, not when the storage is compacted).
        case released
    }

    private var items: [Item] = []
    private var head = 0
    /// Bytes held (what counts against the direction's budget).
    private(set) var byteCount = 0

    var isEmpty: Bool { head == items.count }

    /// The release time of the gate at the front, if one is waiting.
    var nextRelease: Instant? {
        guard head < items.count, case .gate(let gate) = items[head] else { return nil }
        return gate.releaseAt
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty else { return }
        byteCount += bytes.count
        items.append(.bytes(bytes))
    }

    mutating func append(_ action: HTTPExchangeAction) { items.append(.action(action)) }

    mutating func append(_ gate: Gate) { items.append(.gate(gate)) }

    /// Releases, in order, everything before the first gate still closed at `now`.
    mutating func release(now: Instant, _ direction: Direction, into out: inout [HTTPExchangeAction]) {
        while head < items.count {
            switch items[head] {
            case .gate(let gate):
                guard gate.releaseAt <= now else {
                    if head >= 64 && head * 2 >= items.count {
                        items.removeFirst(head)
                        head = 0
                    }
                    return
                }
            case .bytes(let bytes):
                byteCount -= bytes.count
                out.append(.emit(direction, bytes))
            case .action(let action):
                out.append(action)
            case .released:
                break
            }
            items[head] = .released
            head += 1
        }
        // Everything went out: give the storage back, so a connection that was delayed once costs nothing later.
        items = []
        head = 0
    }

    /// Takes `rule`'s share out of every gate (its toxic was removed).
    mutating func removeShares(of rule: Int) {
        for index in head..<items.count {
            guard case .gate(var gate) = items[index], gate.removeShares(of: rule) else { continue }
            items[index] = .gate(gate)
        }
    }
}
