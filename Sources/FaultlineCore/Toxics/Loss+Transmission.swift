/// How a `loss` toxic transmits segments, retransmits lost ones and releases what got through, in order.
extension Loss {
    /// Cuts `bytes` into segments and transmits each, queueing what cannot leave yet. Returns true when no
    /// segment was lost and nothing was queued (the caller may then pass the chunk on whole).
    mutating func transmit(_ bytes: [UInt8], now: Instant) -> Bool {
        let queued = !queue.isEmpty
        var runStart = 0
        var offset = 0
        while offset < bytes.count {
            let end = bytes.count - offset <= settings.segmentSize ? bytes.count : offset + settings.segmentSize
            let number = segmentsSent
            segmentsSent &+= 1
            if chain.nextIsLost(using: &generator) {
                if runStart < offset {
                    queue.append(LossQueue.Piece(payload: bytes[runStart..<offset], isEnd: false, state: .ready))
                }
                if settings.mode == .stall { holdLost(bytes[offset..<end], number: number, now: now) }
                runStart = end
            }
            bringForwardRecoveries(followedBy: number, now: now)
            offset = end
        }
        if runStart == 0, !queued { return true }
        if runStart < bytes.count {
            queue.append(LossQueue.Piece(payload: bytes[runStart...], isEnd: false, state: .ready))
        }
        return false
    }

    /// Queues a segment whose original transmission was lost, with its first recovery at the tail-loss time.
    private mutating func holdLost(_ payload: ArraySlice<UInt8>, number: UInt64, now: Instant) {
        let attempt = now + settings.tailDelay
        let serial = queue.firstSerial + UInt64(queue.count)
        let order = attempts.schedule(at: attempt, serial: serial)
        let recovery = LossQueue.Recovery(losses: 1, attempt: attempt, backoff: nil, order: order)
        queue.append(LossQueue.Piece(payload: payload, isEnd: false, state: .lost(recovery)))
        awaitingFollowers.append((serial, number))
    }

    /// Segment `number` was just sent: a lost segment it is the third follower of recovers by fast retransmit.
    private mutating func bringForwardRecoveries(followedBy number: UInt64, now: Instant) {
        var index = 0
        while index < awaitingFollowers.count {
            let (serial, lostNumber) = awaitingFollowers[index]
            guard number >= lostNumber &+ 3 else {
                index += 1
                continue
            }
            awaitingFollowers.remove(at: index)
            let fast = now + settings.fastDelay
            guard let piece = queue.piece(serial), case .lost(var recovery) = piece.state,
                recovery.backoff == nil, fast < recovery.attempt
            else { continue }
            // The tail-loss entry goes stale; `dropStaleAttempts` or `runAttempts` skips it.
            recovery.attempt = fast
            recovery.order = attempts.schedule(at: fast, serial: serial)
            queue.setState(.lost(recovery), of: serial)
        }
    }

    /// Runs every retransmission due by `now`, earliest first, each with its own draw.
    mutating func runAttempts(upTo now: Instant) {
        while let entry = attempts.first, entry.time <= now {
            _ = attempts.popFirst()
            guard let piece = queue.piece(entry.serial), case .lost(var recovery) = piece.state,
                recovery.order == entry.order
            else { continue }
            if recovery.losses > settings.maxRetries {
                queue.setState(.failed, of: entry.serial)
            } else if chain.nextIsLost(using: &generator) {
                recovery.losses = recovery.losses < .max ? recovery.losses + 1 : .max
                let wait = settings.backoff(after: recovery.backoff)
                recovery.backoff = wait
                recovery.attempt = entry.time + wait
                // Where the clock saturates no later retransmission exists; scheduling one at the same time
                // again would spin, so the segment waits for removal instead.
                recovery.order =
                    recovery.attempt > entry.time ? attempts.schedule(at: recovery.attempt, serial: entry.serial) : nil
                queue.setState(.lost(recovery), of: entry.serial)
            } else {
                queue.setState(.ready, of: entry.serial)
            }
        }
    }

    /// Pops schedule entries that no longer stand for a pending retransmission, so `nextWake` is exact.
    mutating func dropStaleAttempts() {
        while let entry = attempts.first {
            if let piece = queue.piece(entry.serial), case .lost(let recovery) = piece.state,
                recovery.order == entry.order
            {
                return
            }
            _ = attempts.popFirst()
        }
    }

    /// Emits, in order, every piece no lost segment holds back; a failed segment resets the connection.
    mutating func release(into out: inout [ToxicAction]) {
        var bytes: [UInt8] = []
        while let piece = queue.first {
            switch piece.state {
            case .lost:
                emit(&bytes, into: &out)
                return
            case .ready:
                _ = queue.popFirst()
                if piece.isEnd {
                    emit(&bytes, into: &out)
                    out.append(.emit(.end))
                } else {
                    bytes.append(contentsOf: piece.payload)
                }
            case .failed:
                emit(&bytes, into: &out)
                out.append(.reset)
                hasReset = true
                queue.removeAll()
                attempts.removeAll()
                awaitingFollowers.removeAll()
                return
            }
        }
        emit(&bytes, into: &out)
    }

    /// Emits the bytes gathered so far as one chunk, if any.
    func emit(_ bytes: inout [UInt8], into out: inout [ToxicAction]) {
        guard !bytes.isEmpty else { return }
        out.append(.emit(.bytes(bytes)))
        bytes = []
    }
}
