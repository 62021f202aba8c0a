/// Acting on readiness: read while there is room and data, write while there is output and room, close when done.
import FaultlineCore
import FaultlinePosix

extension Connection {
    /// Reads per direction in one `settle()` before yielding to other connections: at most 1 MiB a direction (four
    /// reads of the 256 KiB scratch buffer or pipe), so that one busy connection holds its loop ~1 ms, not more,
    /// before others, the loop's mailbox and the tick budget get their turn.
    private static let readsPerSettle = 4

    /// Bytes this direction may hold before reading stops: a small window on the fast path, the budget with toxics.
    /// What an HTTP engine holds (delayed messages) is bounded by the engine itself (`wantsInput`, at the direction
    /// budget), so it does not eat the window the queue may fill for a slow destination.
    func limit(_ direction: Direction) -> Int {
        hasToxics(direction)
            ? context.config.directionBudget
            : context.config.passthroughWindow + (http?.engine.heldBytes(direction) ?? 0)
    }

    func held(_ direction: Direction) -> Int {
        pumps[direction].queue.count + pumps[direction].inPipe + heldByToxics(direction)
    }

    func canRead(_ direction: Direction) -> Bool {
        phase == .open && closingAfter == nil && !pumps[direction].sourceEOF && held(direction) < limit(direction)
            && toxicsWantInput(direction) && !context.budget.isExhausted
    }

    func isReady(_ side: Side, _ flag: Interest) -> Bool {
        (side == .client ? ready.client : ready.upstream).contains(flag)
    }

    func clearReady(_ side: Side, _ flag: Interest) {
        if side == .client { ready.client.remove(flag) } else { ready.upstream.remove(flag) }
    }

    /// Reports this direction's held bytes to the process-wide budget and records the high-water mark.
    func account(_ direction: Direction) {
        let now = held(direction)
        let delta = now - pumps[direction].accounted
        guard delta != 0 else { return }
        pumps[direction].accounted = now
        if now > pumps[direction].highWater {
            pumps[direction].highWater = now
            if now > proxy.highWater { proxy.highWater = now }
        }
        context.budget.adjust(by: delta)
        if delta < 0 { context.budgetReleased() }
    }

    /// Derives what to do from state alone: flush queues to writable sockets, read readable sources that have
    /// room, repeat while that makes progress; then close when both directions have ended.
    func settle() {
        guard phase == .open, !busy else { return }
        busy = true
        var budget = PerDirection(repeating: Self.readsPerSettle)
        var progress = true
        while progress && phase == .open {
            progress = false
            for direction in Direction.both where phase == .open {
                let destination = Self.destination(of: direction)
                let pending = pumps[direction].queue.count + pumps[direction].inPipe + tlsPending(destination)
                if pending > 0 && isReady(destination, .writable) {
                    flush(direction)
                    if phase == .open
                        && pumps[direction].queue.count + pumps[direction].inPipe + tlsPending(destination) < pending
                    {
                        progress = true
                    }
                }
                let source = Self.source(of: direction)
                if phase == .open && budget[direction] > 0 && isReady(source, .readable) && canRead(direction) {
                    budget[direction] -= 1
                    if read(direction) { progress = true }
                }
            }
        }
        busy = false
        guard phase == .open else { return }
        if pumps.upstream.shutdownSent && pumps.downstream.shutdownSent {
            close(reason: nil)
            return
        }
        // The shared budget is read once here: another loop may free room at any moment. When it is full, park: the
        // budget wakes this loop when room comes, even if it came while parking. Otherwise a source still readable
        // that may read now (the fairness cap stopped it, or room came since the loop looked) carries on in this
        // tick's timer phase: no new edge would come for it, since its sender waits on a full buffer.
        if context.budget.isExhausted {
            if Direction.both.contains(where: { !pumps[$0].sourceEOF }) { context.park(self) }
        } else if Direction.both.contains(where: { isReady(Self.source(of: $0), .readable) && canRead($0) }) {
            scheduleSettle()
        }
    }

    /// Carry on in this tick's timer phase: the fairness cap stopped a source that still has data, or a toxic
    /// edit left work to do.
    func scheduleSettle() {
        guard !settleScheduled else { return }
        settleScheduled = true
        _ = context.loop.schedule(at: context.loop.now) { [weak self] in
            self?.settleScheduled = false
            self?.settle()
        }
    }
}

extension Connection: CustomDebugStringConvertible {
    var debugDescription: String {
        func describe(_ d: Direction) -> String {
            let p = pumps[d]
            let link = p.link.map { "link(held=\($0.heldBytes) armed=\(String(describing: $0.armedDeadline)) "
                + "next=\(String(describing: $0.link.nextWake)) wants=\($0.wantsInput) stopped=\($0.isStopped))" } ?? "-"
            return "\(d): queued=\(p.queue.count) piped=\(p.inPipe) held=\(held(d)) eof=\(p.sourceEOF) end=\(p.endQueued) "
                + "shut=\(p.shutdownSent) canRead=\(canRead(d)) \(link)"
        }
        let age = context.loop.now - acceptedAt
        let dial = establishedAt.map { "\($0 - acceptedAt)" } ?? "dialing"
        return "#\(id) age=\(age) dial=\(dial) now=\(context.loop.now) parked=\(context.isParked(self)) settleScheduled=\(settleScheduled) \(phase) ready=(client: \(ready.client.rawValue), upstream: \(ready.upstream.rawValue)) "
            + describe(.upstream) + " | " + describe(.downstream)
    }
}
