/// One data loop's share of a proxy: its copy of the listening socket, the connections it accepted, counters.
import FaultlineCore
import FaultlineHTTPFaults
import FaultlinePosix
import Logging

final class ProxyShard: EventHandler {
    let name: String
    private(set) var upstreamTarget: UpstreamTarget
    /// This loop's copy of the proxy's toxics (insertion order), applied to connections as they open.
    private(set) var toxics: [ToxicSpec]
    /// The `http_*` toxics among them, compiled once per change for the connections' HTTP engines.
    var httpFaults: [HTTPFaultEntry] = []
    /// The proxy's TLS (nil without a `tls` block) and its `tls_*` toxics, rolled per connection at accept.
    var tls: ProxyTLS?
    var tlsFaults: [TLSFaultEntry] = []
    private var gate = SharedGate()
    private var listener: TCPSocket?
    private var listenerRegistration: Registration?
    private(set) var connections: [UInt64: Connection] = [:]
    var counters = ProxyCounters()
    /// The most bytes one direction of one of this proxy's connections has held (kept after they close).
    var highWater = 0
    let context: LoopContext
    private var acceptPaused = false
    /// When descriptor exhaustion was last logged: an episode of EMFILE logs once, not once per retry.
    private var exhaustionLoggedAt: Instant?

    init(name: String, upstream: String, toxics: [ToxicSpec], context: LoopContext) {
        self.name = name
        upstreamTarget = UpstreamTarget(upstream)
        self.toxics = toxics
        self.context = context
        httpFaults = Self.compileHTTPFaults(toxics)
    }

    var isListening: Bool { listener != nil }

    /// Every data loop polls the same listening socket (its own duplicate of it). Exclusive: a new connection
    /// wakes one loop, not all of them.
    private static let listenInterest: Interest = [.readable, .exclusive]

    /// Starts accepting on this loop's duplicate of the proxy's listening socket.
    func listen(adopting socket: consuming TCPSocket) throws(FaultlineError) {
        stopListening()
        do {
            listenerRegistration = try context.loop.register(socket.rawValue, Self.listenInterest, self)
        } catch {
            let address = (try? socket.localAddress())?.description ?? name
            throw .listenFailed(address: address, reason: "epoll: \(error)")
        }
        listener = consume socket
        acceptPaused = false
    }

    /// Closes the listener and every live connection (FIN, held bytes discarded), as Toxiproxy does.
    func stop() {
        stopListening()
        for connection in connections.values { connection.close(reason: nil) }
        connections.removeAll()
    }

    /// Stops accepting; live connections carry on (until `stop()`).
    func stopListening() {
        if let registration = listenerRegistration { context.loop.deregister(registration) }
        listenerRegistration = nil
        _ = listener.take()
    }

    func setUpstream(_ upstream: String) { upstreamTarget = UpstreamTarget(upstream) }

    /// Settings for a (re)start; a stopped shard has no connections, so nothing live changes.
    func configure(upstream: String, toxics: [ToxicSpec], gate: SharedGate, tls: ProxyTLS?) {
        upstreamTarget = UpstreamTarget(upstream)
        self.toxics = toxics
        httpFaults = Self.compileHTTPFaults(toxics)
        self.gate = gate
        self.tls = tls
        tlsFaults = toxics.compactMap(TLSFaultEntry.init)
    }

    /// The host a failed lookup names in its log line (`lookup db.test: no such host`).
    var upstreamHost: String {
        switch upstreamTarget {
        case .hostname(let host, _): host
        case .address(let address): address.hostText
        case .invalid: "?"
        }
    }

    func forget(_ connection: Connection) {
        connections[connection.id] = nil
    }

    var stats: ShardStats {
        var toxics = counters.retiredToxics
        for connection in connections.values {
            connection.toxicSeries(into: &toxics)
            connection.foldHTTPCounters()
        }
        return ShardStats(
            received: counters.received, sent: counters.sent, toxicApplied: counters.toxicApplied, toxics: toxics,
            activeConnections: connections.count, highWater: highWater, http: counters.http, tls: counters.tls)
    }

    // MARK: Accepting

    func handle(_ events: Interest, registration: Registration) {
        guard !acceptPaused else { return }
        for _ in 0..<256 {
            let result: AcceptResult
            var peer: [UInt8] = []
            do {
                guard let accepted = try listener?.accept(peer: &peer) else { return }
                result = accepted
            } catch {
                if error == .connectionAborted { continue }
                if error.isDescriptorExhaustion {
                    pauseAccepting(error)
                } else {
                    context.logger.error("accept failed", metadata: ["proxy": "\(name)", "reason": "\(error)"])
                }
                return
            }
            switch consume result {
            case .wouldBlock:
                return
            case .accepted(let socket):
                // Toxic edits the API already answered apply to this connection too (nxdomain decides now).
                context.catchUp()
                guard isListening else { return }  // the edit stopped this proxy: dropping `socket` closes it
                if let loop = context.acceptRouter?.next() {
                    loop.post(.adopt(proxy: name, fd: socket.release()))
                } else {
                    adopt(socket, client: peer)
                }
            }
        }
    }

    /// Takes an accepted client; `client` is its address (asked of the socket when a hand-off did not carry it).
    func adopt(_ socket: consuming TCPSocket, client: [UInt8]? = nil) {
        let address = client ?? (try? socket.peerAddress())?.addressBytes
        var identity = context.makeConnectionIdentity()
        // nxdomain toxics decide before anything is resolved or dialled (the upstream never sees a hit).
        var decision = NXDomainGate.Decision.pass
        if toxics.contains(where: \.kind.isNXDomain) {
            decision = gate.decide(
                toxics: toxics.filter(\.kind.isNXDomain), now: context.loop.now, rng: &identity.rng, client: address)
        }
        let connection = Connection(id: identity.id, rng: identity.rng, proxy: self, client: socket)
        connection.clientAddress = address
        guard connection.isRegistered else { return }
        connections[identity.id] = connection
        if let tls { connection.attachTLS(tls, faults: tlsFaults) }
        switch decision {
        case .pass:
            connection.dial()
        case .fail(let closeAt, let reset, let toxicName):
            counters.toxicApplied[toxicName, default: 0] &+= 1
            connection.failLookup(closeAt: closeAt, reset: reset, toxic: toxicName)
        }
    }

    /// Out of descriptors: stop polling the listener for a moment instead of spinning on EMFILE.
    private func pauseAccepting(_ error: Errno) {
        let now = context.loop.now
        if exhaustionLoggedAt.map({ now - $0 > .seconds(30) }) ?? true {
            context.logger.error(
                "accept failed, pausing accept (logged once per 30 s)",
                metadata: ["proxy": "\(name)", "reason": "\(error)", "pause": "\(context.config.acceptBackoff)"])
            exhaustionLoggedAt = now
        }
        // An exclusive registration cannot be modified: leave epoll, and come back after the back-off.
        guard let registration = listenerRegistration, let fd = listener?.rawValue else { return }
        acceptPaused = true
        context.loop.deregister(registration)
        listenerRegistration = nil
        _ = context.loop.schedule(at: context.loop.now + context.config.acceptBackoff) { [weak self] in
            guard let self, self.acceptPaused, self.listener?.rawValue == fd else { return }
            self.acceptPaused = false
            self.listenerRegistration = try? self.context.loop.register(fd, Self.listenInterest, self)
        }
    }
}

/// Byte counters of one proxy, updated live (Toxiproxy only counts at close; CONTRACT §2 improves that).
struct ProxyCounters {
    var received = PerDirection<UInt64>(repeating: 0)
    var sent = PerDirection<UInt64>(repeating: 0)
    var toxicApplied: [String: UInt64] = [:]
    /// What toxics did on connections that closed (or from which the toxic was removed), until the toxic leaves.
    var retiredToxics: [String: ToxicSeries] = [:]
    /// What the HTTP engines counted (connections that closed or let their engine go, and scrapes so far).
    var http = HTTPFaultCounters()
    /// TLS handshakes completed and failed, per side.
    var tls = TLSCounters()

    mutating func retire(_ entry: Link.Entry) {
        retiredToxics[entry.name, default: ToxicSeries()].add(entry, live: false)
    }
}

// MARK: Toxics (live connections follow in Connection+Toxics)

extension ProxyShard {
    func addToxic(_ toxic: ToxicSpec) {
        toxics.append(toxic)
        if case .http = toxic.kind { return addHTTPFault(toxic) }
        if case .tls = toxic.kind { return tlsFaults = toxics.compactMap(TLSFaultEntry.init) }
        var applied: UInt64 = 0
        for connection in connections.values where connection.addToxic(toxic) { applied += 1 }
        if applied > 0 { counters.toxicApplied[toxic.name, default: 0] &+= applied }
    }

    func updateToxic(_ toxic: ToxicSpec) {
        guard let index = toxics.firstIndex(where: { $0.name == toxic.name }) else { return }
        toxics[index] = toxic
        if case .http = toxic.kind { return updateHTTPFault(toxic) }
        if case .tls = toxic.kind { return tlsFaults = toxics.compactMap(TLSFaultEntry.init) }
        var applied: UInt64 = 0
        for connection in connections.values where connection.updateToxic(toxic) { applied += 1 }
        if applied > 0 { counters.toxicApplied[toxic.name, default: 0] &+= applied }
    }

    func removeToxic(_ toxic: ToxicSpec) {
        guard let index = toxics.firstIndex(where: { $0.name == toxic.name }) else { return }
        toxics.remove(at: index)
        if case .http = toxic.kind { return removeHTTPFault(toxic) }
        if case .tls = toxic.kind { return tlsFaults = toxics.compactMap(TLSFaultEntry.init) }
        for connection in connections.values { connection.removeToxic(toxic) }
        counters.retiredToxics[toxic.name] = nil  // its series end with it (names must not pile up)
    }
}
