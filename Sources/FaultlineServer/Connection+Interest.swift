/// Deriving epoll interest and the budgets from buffer state after every event (applied only when it changes).
import FaultlineCore
import FaultlinePosix

extension Connection {
    /// Bytes this direction may hold before reading stops: a small window on the fast path, the budget with toxics.
    func limit(_ direction: Direction) -> Int {
        hasToxics(direction) ? context.config.directionBudget : context.config.passthroughWindow
    }

    func held(_ direction: Direction) -> Int {
        pumps[direction].queue.count + heldByToxics(direction)
    }

    func canRead(_ direction: Direction) -> Bool {
        phase == .open && closingAfter == nil && !pumps[direction].sourceEOF && held(direction) < limit(direction)
            && toxicsWantInput(direction) && !context.budget.isExhausted
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

    /// After any activity: read from hung-up peers, re-derive interest, and close when both directions ended.
    func afterActivity() {
        guard phase == .open else { return }
        busy = true
        // A hung-up peer sends no more events, and what it left behind is bounded by its receive buffer,
        // so read it now until it is exhausted or the destination pushes back.
        for direction in Direction.allCases where hungUpSource(direction) {
            while canRead(direction), read(direction) {}
        }
        busy = false
        guard phase == .open else { return }
        if pumps.upstream.shutdownSent && pumps.downstream.shutdownSent {
            close(reason: nil)
            return
        }
        updateInterest()
    }

    func updateInterest() {
        guard phase == .open else { return }
        apply(clientRegistration, interest(reading: .upstream, writing: .downstream))
        apply(upstreamRegistration, interest(reading: .downstream, writing: .upstream))
        let starved = Direction.allCases.contains { direction in
            !pumps[direction].sourceEOF && context.budget.isExhausted
        }
        if starved { context.park(self) }
    }

    private func interest(reading: Direction, writing: Direction) -> Interest {
        var interest: Interest = []
        if canRead(reading) { interest.insert(.readable) }
        if !pumps[writing].queue.isEmpty { interest.insert(.writable) }
        return interest
    }

    private func apply(_ registration: Registration?, _ interest: Interest) {
        guard let registration else { return }
        do {
            try context.loop.update(registration, interest: interest)
        } catch {
            close(reason: "epoll: \(error)")
        }
    }

    private func hungUpSource(_ direction: Direction) -> Bool {
        Self.source(of: direction) == .client ? hungUp.client : hungUp.upstream
    }

    /// The peer closed both ways. Level-triggered epoll would report the hang-up forever, so stop polling
    /// this socket; what it still has to read is read directly as room frees up.
    func parkHungUp(_ side: Side) {
        if side == .client {
            if let registration = clientRegistration { context.loop.deregister(registration) }
            clientRegistration = nil
            hungUp.client = true
        } else {
            if let registration = upstreamRegistration { context.loop.deregister(registration) }
            upstreamRegistration = nil
            hungUp.upstream = true
        }
    }
}

extension Connection: CustomDebugStringConvertible {
    var debugDescription: String {
        func describe(_ d: Direction) -> String {
            let p = pumps[d]
            return "\(d): queued=\(p.queue.count) eof=\(p.sourceEOF) end=\(p.endQueued) shut=\(p.shutdownSent) canRead=\(canRead(d))"
        }
        let ci = clientRegistration.flatMap { context.loop.interest(of: $0) }
        let ui = upstreamRegistration.flatMap { context.loop.interest(of: $0) }
        return "#\(id) \(phase) client=\(String(describing: ci)) upstream=\(String(describing: ui)) hungUp=\(hungUp) "
            + describe(.upstream) + " | " + describe(.downstream)
    }
}
