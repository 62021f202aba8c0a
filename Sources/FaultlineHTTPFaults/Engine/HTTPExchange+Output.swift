/// Emitting: straight to the caller when nothing is held in that direction, else behind what is.
import FaultlineCore

extension HTTPExchange {
    /// Bytes `range` of `input`, unchanged, into `direction`.
    func emit(_ range: Range<Int>, of input: Input, _ direction: Direction) {
        guard !range.isEmpty, !finished[direction] else { return }
        if outbox[direction].isEmpty {
            if let owned = input.owned {
                pending.append(.emit(direction, owned[range]))
            } else {
                pending.append(.forward(direction, range))
            }
        } else {
            // Held behind a delay: this is the one place client or upstream bytes are copied.
            outbox[direction].append(input.owned?[range] ?? ArraySlice(input.bytes[range]))
        }
    }

    /// Bytes the engine owns, into `direction`.
    func emit(_ bytes: ArraySlice<UInt8>, _ direction: Direction) {
        guard !bytes.isEmpty, !finished[direction] else { return }
        if outbox[direction].isEmpty {
            pending.append(.emit(direction, bytes))
        } else {
            outbox[direction].append(bytes)
        }
    }

    /// A complete head as it arrived.
    func emit(_ origin: HeadOrigin, of input: Input, _ direction: Direction) {
        switch origin {
        case .input(let range): emit(range, of: input, direction)
        case .buffer(let bytes): emit(bytes[...], direction)
        }
    }

    /// Holds everything that follows in `direction` until `gate` opens (nothing when it is already open).
    func hold(_ direction: Direction, behind gate: Gate, now: Instant) {
        guard !finished[direction], !gate.shares.isEmpty, gate.releaseAt > now || !outbox[direction].isEmpty else {
            return
        }
        outbox[direction].append(gate)
    }

    /// The end of `direction` (`.end`), or a close or reset of the peer it flows to, after what was emitted into
    /// it. Nothing more is emitted into the direction afterwards; a close or reset may still follow an end (the
    /// socket must go), but only one of them.
    func finish(_ direction: Direction, with action: HTTPExchangeAction) {
        if case .end = action {
            guard !finished[direction] else { return }
        } else {
            guard !terminated[direction] else { return }
            terminated[direction] = true
        }
        finished[direction] = true
        if outbox[direction].isEmpty {
            pending.append(action)
        } else {
            outbox[direction].append(action)
        }
    }

    /// Releases whatever delays let out by `now`, in both directions.
    func releaseDue(_ now: Instant) {
        if !outbox.upstream.isEmpty { outbox.upstream.release(now: now, .upstream, into: &pending) }
        if !outbox.downstream.isEmpty { outbox.downstream.release(now: now, .downstream, into: &pending) }
    }
}
