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

    /// Appends `chunk` from `offset` on, keeping the chunk's own storage when it can (an empty queue takes it whole
    /// and skips the first `offset` bytes): toxics hand over chunks they own, and copying them again cost a
    /// latency toxic's path its largest user-space copy.
    public mutating func append(_ chunk: [UInt8], from offset: Int) {
        guard offset < chunk.count else { return }
        if isEmpty {
            chunks = [chunk]
            head = 0
            self.offset = offset
            count = chunk.count - offset
        } else if offset == 0 && chunk.count > Self.coalesceLimit {
            chunks.append(chunk)
            count += chunk.count
        } else {
            append(Array(chunk[offset...]))
        }
    }

    /// Calls `body` with up to `limit` unconsumed chunks from the front, in order (for one gathered write);
    /// `body` returns how many bytes it used, which are consumed.
    public mutating func consumeFront(upTo limit: Int, _ body: ([UnsafeRawBufferPointer]) throws -> Int) rethrows
        -> Int
    {
        guard head < chunks.count else { return 0 }
        let end = min(chunks.count, head + max(1, limit))
        var buffers: [UnsafeRawBufferPointer] = []
        buffers.reserveCapacity(end - head)
        let used = try Self.withBuffers(of: chunks, from: head, to: end, skipping: offset, into: &buffers, body)
        consume(used)
        return used
    }

    /// Each chunk's bytes are borrowed in a scope nested in the previous chunk's, so every pointer handed to `body`
    /// is valid while it runs (the depth is the batch size).
    private static func withBuffers(
        of chunks: [[UInt8]], from index: Int, to end: Int, skipping offset: Int,
        into buffers: inout [UnsafeRawBufferPointer], _ body: ([UnsafeRawBufferPointer]) throws -> Int
    ) rethrows -> Int {
        guard index < end else { return try body(buffers) }
        return try chunks[index].withUnsafeBytes { raw in
            buffers.append(UnsafeRawBufferPointer(rebasing: raw[offset...]))
            return try withBuffers(of: chunks, from: index + 1, to: end, skipping: 0, into: &buffers, body)
        }
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
