/// A growable run of bytes with a read and a write index: one direction of a session's ciphertext.
///
/// It owns its memory, which it frees the moment it is drained, so an idle session holds no ciphertext buffer
/// at all; a busy one reuses the same allocation for as long as bytes keep flowing through it.
struct ByteRegion: ~Copyable {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0
    private var start = 0
    private var end = 0

    init() {}

    deinit { base?.deallocate() }

    var count: Int { end - start }
    var isEmpty: Bool { end == start }
    /// Bytes allocated, for the memory figures.
    var allocated: Int { capacity }

    /// The bytes not yet consumed.
    var readable: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base.map { $0 + start }, count: end - start)
    }

    /// Space for at least `minimum` more bytes after what is held; fill it, then `commit` what was written.
    mutating func reserve(_ minimum: Int) -> UnsafeMutableRawBufferPointer {
        if start == end {
            start = 0
            end = 0
        }
        if capacity - end < minimum {
            if start > 0 && capacity - count >= minimum {
                // Enough room once the unread bytes move to the front: no new allocation.
                base.map { $0.copyMemory(from: $0 + start, byteCount: count) }
            } else {
                let grown = max(capacity * 2, count + minimum)
                let fresh = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
                if let old = base {
                    fresh.copyMemory(from: old + start, byteCount: count)
                    old.deallocate()
                }
                base = fresh
                capacity = grown
            }
            end = count
            start = 0
        }
        return UnsafeMutableRawBufferPointer(start: base.map { $0 + end }, count: capacity - end)
    }

    /// Marks `written` bytes of the last reservation as held.
    mutating func commit(_ written: Int) {
        precondition(written >= 0 && end + written <= capacity, "commit past the reservation")
        end += written
        if start == end { release() }
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let space = reserve(bytes.count)
        space.baseAddress.map { $0.copyMemory(from: source, byteCount: bytes.count) }
        end += bytes.count
    }

    /// Copies up to `limit` bytes to `destination` and consumes them.
    mutating func move(to destination: UnsafeMutableRawPointer, limit: Int) -> Int {
        let taken = min(limit, count)
        if taken > 0, let base { destination.copyMemory(from: base + start, byteCount: taken) }
        consume(taken)
        return taken
    }

    /// Drops the first `taken` bytes; once nothing is left the memory goes back to the allocator.
    mutating func consume(_ taken: Int) {
        precondition(taken >= 0 && taken <= count, "consumed more than held")
        start += taken
        if start == end { release() }
    }

    private mutating func release() {
        base?.deallocate()
        base = nil
        capacity = 0
        start = 0
        end = 0
    }
}
