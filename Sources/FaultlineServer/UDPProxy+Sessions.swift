/// A `udp` proxy's sessions (made, evicted, expired) and its sends, batched for sendmmsg.
import FaultlineCore
import FaultlinePosix

extension UDPProxy {
    // MARK: Sending

    /// What a session's toxics let out: to the upstream on its socket, or to its client from the listener.
    func send(_ datagrams: [UDPDatagram], direction: Direction, session: UDPSession) {
        let fd = direction == .upstream ? session.rawSocket : (listener?.rawValue ?? -1)
        guard fd >= 0 else {
            counters.flows[direction].sendFailed &+= UInt64(datagrams.count)
            return
        }
        let peer = direction == .downstream ? session.peer : nil
        let out = host.sendBatch
        for datagram in datagrams {
            datagram.payload.withUnsafeBytes { _ = out.append(copying: $0, to: peer) }
            if out.isFull { flush(out, on: fd, direction: direction) }
        }
        flush(out, on: fd, direction: direction)
    }

    func flush(_ out: SendBatch, on fd: CInt, direction: Direction) {
        guard !out.isEmpty else { return }
        let outcome = out.send(on: fd)
        counters.flows[direction].datagramsSent &+= UInt64(outcome.datagrams)
        counters.flows[direction].bytesSent &+= UInt64(outcome.bytes)
        counters.flows[direction].sendFailed &+= UInt64(outcome.failed)
        counters.upstreamUnreachable &+= UInt64(outcome.unreachable)
    }

    // MARK: Sessions

    /// A session for a new client: at the cap the idlest goes first; out of descriptors, this proxy's idlest gives
    /// its descriptor up. Nil when no socket can be had (the datagram is dropped and counted).
    func openSession(_ peer: PeerKey, now: Instant) -> UDPSession? {
        guard let upstream else { return nil }
        while table.count >= Int(settings.maxSessions), let oldest = table.oldest {
            close(oldest.session)
            counters.sessionsEvicted &+= 1
        }
        for attempt in 0..<2 {
            do {
                let session = try UDPSession(peer: peer, proxy: self, upstream: upstream, rng: &rng)
                table.insert(session, now: now)
                counters.sessionsCreated &+= 1
                for direction in Direction.both where toxics.contains(where: { $0.stream == direction }) {
                    session.install(toxics, direction: direction)
                }
                armExpiry()
                return session
            } catch {
                if error.isDescriptorExhaustion, attempt == 0, let oldest = table.oldest {
                    close(oldest.session)
                    counters.sessionsEvictedForDescriptors &+= 1
                    continue
                }
                if error.isUnreachable { counters.upstreamUnreachable &+= 1 }
                return nil
            }
        }
        return nil
    }

    func close(_ session: UDPSession) {
        table.remove(session)
        session.close()
    }

    /// One timer for all sessions, at the idlest one's deadline; activity only moves deadlines later, so a timer
    /// that fires early finds nothing due and re-arms.
    func armExpiry() {
        guard let oldest = table.oldest else { return }
        let deadline = oldest.lastActive + settings.idleDuration
        if let expiry, expiry.deadline <= deadline { return }
        if let expiry { context.loop.cancel(expiry.id) }
        let id = context.loop.schedule(at: deadline) { [weak self] in self?.expire() }
        expiry = (deadline, id)
    }

    private func expire() {
        expiry = nil
        let now = context.loop.now
        while let oldest = table.oldest, oldest.lastActive + settings.idleDuration <= now {
            close(oldest.session)
            counters.sessionsExpired &+= 1
        }
        armExpiry()
    }
}
