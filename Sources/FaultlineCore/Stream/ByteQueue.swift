/// Outgoing bytes for one socket, kept as the chunks they arrived in; empty queues hold no memory.
public struct ByteQueue {
    private var chunks: [[UInt8]] = []
    /// Index of the first live chunk in `chunks` (consumed chunks before it are released lazily).
    private var head = 0
    /// Bytes of `chunks[head]` already consumed.
    private var offset = 0
    public private(set) var count = 0

    /// Small writes are merged into the last chunk up to this size, so a chatty peer cannot make the queue
    /// hold thousands of one-byte arrays.
    private static let coalesceLimit = 16 * 1024

    public init() {}

    public var isEmpty: Bool { count == 0 }

    public mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        count += bytes.count
        if let last = chunks.indices.last, last >= head, chunks[last].count + bytes.count <= Self.coalesceLimit {
            chunks[last].append(contentsOf: bytes)
        } else {
            chunks.append(bytes)
        }
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        append(Array(bytes))
    }

    /// Calls `body` with the first unconsumed bytes; `body` returns how many it used (e.g. a write's result).
    public mutating func consumeFront(_ body: (UnsafeRawBufferPointer) throws -> Int) rethrows -> Int {
        guard head < chunks.count else { return 0 }
        let used = try chunks[head].withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[offset...]))
        }
        consume(used)
        return used
    }

    /// Drops `n` bytes from the front.
    public mutating func consume(_ n: Int) {
        var remaining = min(n, count)
        count -= remaining
        while remaining > 0, head < chunks.count {
            let available = chunks[head].count - offset
            if remaining < available {
                offset += remaining
                return
            }
            remaining -= available
            chunks[head] = []
            head += 1
            offset = 0
        }
        if head == chunks.count {
            // Give the storage back: an idle connection should cost nothing.
            chunks = []
            head = 0
            offset = 0
        } else if head >= 32 && head * 2 >= chunks.count {
            chunks.removeFirst(head)
            head = 0
        }
    }

    /// Removes and returns every queued byte as one array.
    public mutating func removeAll() -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(count)
        for index in head..<chunks.count {
            all.append(contentsOf: chunks[index][(index == head ? offset : 0)...])
        }
        chunks = []
        head = 0
        offset = 0
        count = 0
        return all
    }
}
