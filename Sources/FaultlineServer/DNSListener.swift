/// A `kind: "dns"` proxy at work on the first loop: UDP and TCP on one address, queries decided by `DNSResponder`.
import FaultlineCore
import FaultlineDNS
import FaultlinePosix

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
    var stats = DNSListenerStats()
    var udp: UDPSocket?
    private var udpRegistration: Registration?
    private var tcp: TCPSocket?
    private var tcpRegistration: Registration?
    var sessions: [UInt64: DNSTCPSession] = [:]
    var nextSessionID: UInt64 = 1
    var exchanges: [UInt64: DNSUpstreamExchange] = [:]
    var forwarder: DNSUpstreamUDP?
    /// Timers of delayed replies and forwards, so that closing cancels them.
    var delayed: [UInt64: TimerID] = [:]
    var nextDelayID: UInt64 = 1
    /// One draw per query decides every toxic's roll (`DNSResponder.decide`).
    var rng: SplitMix64

    /// Starts answering on sockets already bound (`DNSSockets.bind`).
    init(name: String, sockets: consuming DNSSockets, config: DNSProxyConfig, context: LoopContext)
        throws(FaultlineError)
    {
        self.name = name
        self.config = config
        self.context = context
        rng = context.deriveGenerator()
        address = sockets.address
        udp = sockets.udp.take()
        tcp = sockets.tcp.take()
        do {
            if let fd = udp?.rawValue { udpRegistration = try context.loop.register(fd, .readable, self) }
            if let fd = tcp?.rawValue { tcpRegistration = try context.loop.register(fd, .readable, self) }
        } catch {
            close()
            throw .listenFailed(address: address.description, reason: "epoll: \(error)")
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
        _ = surrender()
    }

    /// Like `close()`, but the two sockets stay open and go to the caller: a reload hands them to the listener that
    /// replaces this one, so the address is never free in between.
    func surrender() -> DNSSockets {
        for registration in [udpRegistration, tcpRegistration].compactMap({ $0 }) {
            context.loop.deregister(registration)
        }
        udpRegistration = nil
        tcpRegistration = nil
        let sockets = DNSSockets(udp: udp.take(), tcp: tcp.take(), address: address)
        dropWork()
        return sockets
    }

    private func dropWork() {
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

    // MARK: TCP

    private func acceptSessions() {
        for _ in 0..<64 {
            let result: AcceptResult
            var peer: [UInt8] = []
            do {
                guard let accepted = try tcp?.accept(peer: &peer) else { return }
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
                guard let session = DNSTCPSession(id: id, socket: socket, listener: self) else { continue }
                session.peer = peer
                sessions[id] = session
            }
        }
    }

    func forget(session id: UInt64) { sessions[id] = nil }
}
