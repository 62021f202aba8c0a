/// A `kind: "dns"` proxy at work on the first loop: UDP and TCP on one address, queries decided by `DNSResponder`.
import FaultlineCore
import FaultlineDNS
import FaultlinePosix
import Logging

/// Owns the UDP socket, the TCP listener and its sessions, and the upstream forwarders of one DNS proxy.
///
/// Every query goes through `handleQuery`: the responder decides (wire checks, toxics, table, fallback), and
/// the listener sends, delays, forwards or drops. Work per loop turn is bounded: a few dozen datagrams per
/// readiness event, a capped number of TCP sessions, delayed replies and queries in flight upstream.
final class DNSListener: EventHandler {
    /// Datagrams read per readiness event before other descriptors get a turn.
    static let datagramsPerTurn = 64
    /// Replies and forwards waiting on a latency toxic; beyond this, new ones are dropped.
    static let maxDelayed = 16_384
    /// Open TCP sessions; beyond this, new connections are closed at once.
    static let maxSessions = 1024
    /// Concurrent TCP exchanges with the upstream (for TCP clients); beyond this, SERVFAIL.
    static let maxExchanges = 256
    /// Largest DNS message over UDP (the buffer a datagram is read into).
    static let maxDatagram = 65_535

    let name: String
    let context: LoopContext
    /// The bound address: the same port for UDP and TCP.
    let address: SocketAddress
    private(set) var config: DNSProxyConfig
    private(set) var stats = DNSListenerStats()
    private var udp: UDPSocket?
    private var udpRegistration: Registration?
    private var tcp: TCPSocket?
    private var tcpRegistration: Registration?
    var sessions: [UInt64: DNSTCPSession] = [:]
    private var nextSessionID: UInt64 = 1
    private var exchanges: [UInt64: DNSUpstreamExchange] = [:]
    private var forwarder: DNSUpstreamUDP?
    /// Timers of delayed replies and forwards, so that closing cancels them.
    private var delayed: [UInt64: TimerID] = [:]
    private var nextDelayID: UInt64 = 1
    /// One draw per query decides every toxic's roll (`DNSResponder.decide`).
    private var rng: SplitMix64

    /// Binds UDP first, then TCP on the port UDP got; with port 0 a clash on the TCP side retries on a new port.
    init(name: String, address requested: SocketAddress, given: String, config: DNSProxyConfig, context: LoopContext)
        throws(FaultlineError)
    {
        self.name = name
        self.config = config
        self.context = context
        rng = context.deriveGenerator()
        let shown = requested.isWildcard && (given.hasPrefix(":") || given.isEmpty) ? given : requested.description
        var bound = requested
        for attempt in 0..<8 {
            let socket: UDPSocket
            do {
                socket = try UDPSocket.bind(on: requested)
            } catch {
                throw .internalError("listen udp \(shown): bind: \(error)")
            }
            bound = (try? socket.localAddress()) ?? requested
            let listener: TCPSocket
            do {
                listener = try TCPSocket.listen(on: bound)
            } catch {
                _ = consume socket
                // Port 0: UDP's free port may be taken for TCP; another free port will do.
                guard requested.port == 0, error == .addressInUse, attempt < 7 else {
                    throw .listenFailed(address: shown, reason: "bind: \(error)")
                }
                continue
            }
            udp = consume socket
            tcp = consume listener
            break
        }
        address = bound
        do {
            if let fd = udp?.rawValue { udpRegistration = try context.loop.register(fd, .readable, self) }
            if let fd = tcp?.rawValue { tcpRegistration = try context.loop.register(fd, .readable, self) }
        } catch {
            close()
            throw .listenFailed(address: bound.description, reason: "epoll: \(error)")
        }
    }

    /// New records, toxics or timeout: applies to the next query; queries in flight finish as they began.
    func update(_ config: DNSProxyConfig) { self.config = config }

    /// Current counters.
    var currentStats: DNSListenerStats {
        var current = stats
        current.tcpSessions = sessions.count
        return current
    }

    /// Stops listening and drops every session, exchange, pending forward and delayed reply.
    func close() {
        for registration in [udpRegistration, tcpRegistration].compactMap({ $0 }) {
            context.loop.deregister(registration)
        }
        udpRegistration = nil
        tcpRegistration = nil
        _ = udp.take()
        _ = tcp.take()
        for session in sessions.values { session.close() }
        sessions.removeAll()
        for exchange in exchanges.values { exchange.close() }
        exchanges.removeAll()
        forwarder?.close()
        forwarder = nil
        for timer in delayed.values { context.loop.cancel(timer) }
        delayed.removeAll()
    }

    func handle(_ events: Interest, registration: Registration) {
        if registration == udpRegistration {
            receiveDatagrams()
        } else if registration == tcpRegistration {
            acceptSessions()
        }
    }

    private func receiveDatagrams() {
        let buffer = UnsafeMutableRawBufferPointer(rebasing: context.scratch[..<Self.maxDatagram])
        for _ in 0..<Self.datagramsPerTurn {
            let result: IOResult<Datagram>?
            do {
                result = try udp?.receive(into: buffer)
            } catch {
                continue  // e.g. ECONNREFUSED from an ICMP error for an earlier reply: nothing to do
            }
            guard case .processed(let datagram)? = result else { return }
            guard datagram.count <= buffer.count else {
                stats.dropped &+= 1  // cut by the buffer: not a message we could answer faithfully
                continue
            }
            handleQuery(Array(UnsafeRawBufferPointer(rebasing: buffer[..<datagram.count])), from: .udp(datagram.sender))
        }
    }

    // MARK: Queries

    /// Decides one message and carries the decision out, now or at the time a latency toxic set.
    func handleQuery(_ bytes: [UInt8], from client: DNSClient) {
        stats.queries &+= 1
        let now = context.loop.now
        switch config.responder.decide(bytes, transport: client.transport, now: now, rng: &rng) {
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
    private func after(_ at: Instant, client: DNSClient, _ action: @escaping (DNSListener) -> Void) {
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
    private func forward(_ query: [UInt8], plan: DNSForwardPlan, client: DNSClient) {
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

    // MARK: TCP

    private func acceptSessions() {
        for _ in 0..<64 {
            let result: AcceptResult
            do {
                guard let accepted = try tcp?.accept() else { return }
                result = accepted
            } catch {
                return  // ECONNABORTED, or out of descriptors: the next readiness event retries
            }
            switch consume result {
            case .wouldBlock:
                return
            case .accepted(let socket):
                guard sessions.count < Self.maxSessions else { continue }  // dropping `socket` closes it
                let id = nextSessionID
                nextSessionID &+= 1
                if let session = DNSTCPSession(id: id, socket: socket, listener: self) { sessions[id] = session }
            }
        }
    }

    func forget(session id: UInt64) { sessions[id] = nil }
}
