/// `slicer`: cuts chunks into pieces of about `average_size` ± `size_variation` bytes, `delay` µs apart.
///
/// A piece is kept whole when `length − average ≤ variation`, else cut at `length/2 + r`, r uniform in
/// [−variation, variation−1] from the toxic's own generator (Toxiproxy's recursion, done with an explicit
/// stack in the same order). Every piece is followed by `delay` µs, the last included, so the next chunk
/// waits; `.end` leaves right after the last piece's delay. `average ≤ 0` passes chunks whole (still
/// delayed); a variation below 0 counts as 0 and one ≥ average is clamped to `average − 1`, which keeps every
/// cut strictly inside the piece.
///
/// Update: pieces already cut keep their sizes and are re-spaced with the new delay, the first at the later of
/// `now` and the last emitted piece's release plus the new delay (no catch-up burst). Identical settings change
/// nothing.
public struct Slicer: Toxic {
    public typealias Attributes = SlicerAttributes

    public private(set) var attributes: Attributes
    private var generator: SplitMix64
    private var queue = HoldQueue()
    /// Earliest time the next piece may leave: the previous piece's release plus the delay.
    private var nextFree = Instant.zero
    /// Scheduled release time of the last piece emitted: where an update replays the schedule from.
    private var lastPieceRelease: Instant?
    /// Cut points of the chunk being sliced; kept to reuse its storage.
    private var cuts: [Int] = []

    public init(_ attributes: Attributes, seed: UInt64) {
        self.attributes = attributes
        self.generator = SplitMix64(seed: seed)
    }

    private var delay: Duration { .clampedMicroseconds(max(attributes.delay, 0)) }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        var release = max(now, nextFree)
        guard case .bytes(let bytes) = event else {
            queue.append(event, release: release, received: now)
            nextFree = release
            releaseDue(now: now, into: &out)
            return
        }
        Self.cut(bytes.count, attributes, using: &generator, into: &cuts)
        if cuts.count == 2 {
            queue.append(event, release: release, received: now)
            release = release + delay
        } else {
            for index in 0..<(cuts.count - 1) {
                queue.append(.bytes(Array(bytes[cuts[index]..<cuts[index + 1]])), release: release, received: now)
                release = release + delay
            }
        }
        nextFree = release
        releaseDue(now: now, into: &out)
    }

    public var nextWake: Instant? { queue.first?.release }

    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {
        releaseDue(now: now, into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [ToxicAction]) {
        queue.drain(into: &out)
    }

    public var heldBytes: Int { queue.byteCount }

    /// Pieces can be held long (tiny pieces, long delays): stop reading rather than buffer without bound.
    public var wantsInput: Bool { queue.byteCount <= 64 * 1024 }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard case .slicer(let attributes) = kind else { return false }
        // Unchanged settings (a PATCH of toxicity or name only) must not disturb what is in flight.
        guard attributes != self.attributes else { return true }
        self.attributes = attributes
        let delay = self.delay
        var free = max(now, lastPieceRelease.map { $0 + delay } ?? .zero)
        queue.retime { entry in
            entry.release = max(entry.received, free)
            free = entry.event == .end ? entry.release : entry.release + delay
        }
        nextFree = free
        releaseDue(now: now, into: &out)
        return true
    }

    private mutating func releaseDue(now: Instant, into out: inout [ToxicAction]) {
        while let entry = queue.popDue(now: now) {
            if entry.event != .end { lastPieceRelease = entry.release }
            out.append(.emit(entry.event))
        }
    }

    /// Writes the cut points of a `count`-byte chunk, 0 first and `count` last; traps on no Int64 input.
    static func cut(_ count: Int, _ attributes: Attributes, using generator: inout SplitMix64, into cuts: inout [Int]) {
        cuts.removeAll(keepingCapacity: true)
        cuts.append(0)
        let average = attributes.averageSize
        guard average > 0 else {
            cuts.append(count)
            return
        }
        let variation = min(max(attributes.sizeVariation, 0), average - 1)
        // Pending pieces, the next one to visit last; pieces are visited left to right as in the recursion.
        var pending: [(start: Int, end: Int)] = [(0, count)]
        while let piece = pending.popLast() {
            let length = piece.end - piece.start
            // length ≥ 0 and average ≥ 1, so the subtraction cannot overflow.
            if Int64(length) - average <= variation {
                cuts.append(piece.end)
                continue
            }
            // Here variation < length, so r fits in Int, and length ≥ 2·variation + 2 keeps the cut inside.
            var offset = 0
            if variation > 0 {
                let magnitude = UInt64(variation)
                let draw = generator.next(upperBound: magnitude * 2)  // variation < Int64.max, so no overflow
                offset = draw >= magnitude ? Int(draw - magnitude) : -Int(magnitude - draw)
            }
            let middle = piece.start + length / 2 + offset
            pending.append((middle, piece.end))
            pending.append((piece.start, middle))
        }
    }
}
