/// What a DNS listener does with each message: decide it, then answer, delay, forward or drop as decided.
import FaultlineCore
import FaultlineDNS
import FaultlinePosix

extension DNSListener {
    /// Decides one message and carries the decision out, now or at the time a latency toxic set.
    func handleQuery(_ bytes: [UInt8], from client: DNSClient) {
        stats.queries &+= 1
        let now = context.loop.now
        let source: [UInt8]? =
            switch client {
            case .udp(let address): address.addressBytes
            case .tcp(let id): sessions[id]?.peer
            }
        switch config.responder.decide(bytes, transport: client.transport, now: now, rng: &rng, source: source) {
        case .answer(let reply, let at):
            after(at, client: client) { $0.deliver(reply, to: client) }
        case .forward(let plan, let at):
            after(at, client: client) { $0.forward(bytes, plan: plan, client: client) }
        case .drop(let reason):
            if case .injected(let toxic) = reason { stats.toxicDrops[toxic, default: 0] &+= 1 }
            unanswered(client)
        }
    }

    /// Runs `action` now, or at `at` on a loop timer; over the cap of delayed work the query goes unanswered.
    func after(_ at: Instant, client: DNSClient, _ action: @escaping (DNSListener) -> Void) {
        guard at > context.loop.now else { return action(self) }
        guard delayed.count < Self.maxDelayed else { return unanswered(client) }
        let id = nextDelayID
        nextDelayID &+= 1
        delayed[id] = context.loop.schedule(at: at) { [weak self] in
            guard let self, self.delayed.removeValue(forKey: id) != nil else { return }
            action(self)
        }
    }

    /// Sends a reply: to the datagram's source, or framed on its TCP session (if that is still open).
    func deliver(_ reply: [UInt8], to client: DNSClient) {
        switch client {
        case .udp(let address):
            let sent = reply.withUnsafeBytes { bytes in try? udp?.send(bytes, to: address) }
            // A full send buffer loses the reply as the network would; the client retries.
            if case .processed? = sent { stats.replies &+= 1 } else { stats.dropped &+= 1 }
        case .tcp(let id):
            guard let session = sessions[id] else { return }
            stats.replies &+= 1
            session.send(reply)
        }
    }

    /// No reply will come for this message: count it, and free its TCP session's slot.
    func unanswered(_ client: DNSClient) {
        stats.dropped &+= 1
        if case .tcp(let id) = client { sessions[id]?.released() }
    }

    /// Relays a query upstream over the client's transport; the plan turns the answer (or silence) into the reply.
    func forward(_ query: [UInt8], plan: DNSForwardPlan, client: DNSClient) {
        guard let upstream = config.upstream else { return deliver(plan.failureReply(), to: client) }
        stats.forwarded &+= 1
        switch client {
        case .udp:
            if forwarder == nil {
                forwarder = try? DNSUpstreamUDP(upstream: upstream, listener: self, rng: rng.derive())
            }
            guard let forwarder else { return deliver(plan.failureReply(), to: client) }
            forwarder.forward(query, plan: plan, client: client, timeout: config.upstreamTimeout)
        case .tcp:
            guard exchanges.count < Self.maxExchanges else { return deliver(plan.failureReply(), to: client) }
            let id = nextSessionID
            nextSessionID &+= 1
            guard
                let exchange = DNSUpstreamExchange(
                    id: id, upstream: upstream, query: query, plan: plan, client: client,
                    timeout: config.upstreamTimeout, listener: self)
            else { return deliver(plan.failureReply(), to: client) }
            exchanges[id] = exchange
        }
    }

    /// The upstream answered (or not) a forwarded query.
    func upstreamFinished(_ reply: [UInt8], to client: DNSClient, timedOut: Bool, exchange: UInt64? = nil) {
        if let exchange { exchanges[exchange] = nil }
        if timedOut { stats.upstreamTimeouts &+= 1 }
        deliver(reply, to: client)
    }
}
