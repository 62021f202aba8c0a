/// One proxy on the loop: its settings, its listener, its live connections and its counters.
import FaultlineCore
import FaultlinePosix
import Logging

final class ProxyRuntime: EventHandler {
    let name: String
    /// The listen text; replaced by the bound address once started, as Toxiproxy reports it.
    private(set) var listen: String
    private(set) var upstream: String
    private(set) var upstreamTarget: UpstreamTarget
    private(set) var enabled = false
    /// Toxics in insertion order (both streams); `orderedToxics` gives the wire order.
    var toxics: [ToxicSpec] = []
    /// The last address bound; re-enabling reuses it so that a port-0 proxy keeps its port.
    private var lastBound: SocketAddress?
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

    init(spec: ProxySpec, context: LoopContext) {
        name = spec.name
        listen = spec.listen
        upstream = spec.upstream
        upstreamTarget = UpstreamTarget(spec.upstream)
        self.context = context
    }

    var orderedToxics: [ToxicSpec] {
        toxics.filter { $0.stream == .upstream } + toxics.filter { $0.stream == .downstream }
    }

    func snapshot() -> ProxySnapshot {
        ProxySnapshot(name: name, listen: listen, upstream: upstream, enabled: enabled, toxics: orderedToxics)
    }

    // MARK: Lifecycle

    /// Binds (reusing the previous address when the listen text did not change) and starts accepting.
    func start() throws(FaultlineError) {
        guard !enabled else { return }
        let address: SocketAddress
        if let lastBound { address = lastBound } else { address = try ListenAddress.resolve(listen) }
        let socket = try ListenAddress.bind(address, given: listen)
        let bound = (try? socket.localAddress()) ?? address
        do {
            listenerRegistration = try context.loop.register(socket.rawValue, .readable, self)
        } catch {
            throw .listenFailed(address: bound.description, reason: "epoll: \(error)")
        }
        listener = consume socket
        lastBound = bound
        listen = bound.description
        enabled = true
        acceptPaused = false
        context.logger.info("proxy started", metadata: ["proxy": "\(name)", "listen": "\(listen)", "upstream": "\(upstream)"])
    }

    /// Closes the listener and every live connection (FIN, held bytes discarded), as Toxiproxy does.
    func stop() {
        if let registration = listenerRegistration { context.loop.deregister(registration) }
        listenerRegistration = nil
        _ = listener.take()
        if enabled {
            context.logger.info("proxy stopped", metadata: ["proxy": "\(name)"])
        }
        enabled = false
        for connection in connections.values { connection.close(reason: nil) }
        connections.removeAll()
    }

    /// New listen/upstream values; the caller stops the proxy first when either changed.
    func reconfigure(listen newListen: String, upstream newUpstream: String) {
        if newListen != listen {
            listen = newListen
            lastBound = nil
        }
        if newUpstream != upstream {
            upstream = newUpstream
            upstreamTarget = UpstreamTarget(newUpstream)
        }
    }

    func forget(_ connection: Connection) {
        connections[connection.id] = nil
    }

    // MARK: Accepting

    func handle(_ events: Interest, registration: Registration) {
        guard !acceptPaused else { return }
        for _ in 0..<256 {
            let result: AcceptResult
            do {
                guard let accepted = try listener?.accept() else { return }
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
                adopt(socket)
            }
        }
    }

    private func adopt(_ socket: consuming TCPSocket) {
        let identity = context.makeConnectionIdentity()
        let connection = Connection(id: identity.id, rng: identity.rng, proxy: self, client: socket)
        guard connection.isRegistered else { return }
        connections[identity.id] = connection
        connection.dial()
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
        guard let registration = listenerRegistration else { return }
        acceptPaused = true
        try? context.loop.update(registration, interest: .none)
        _ = context.loop.schedule(at: context.loop.now + context.config.acceptBackoff) { [weak self] in
            guard let self, self.acceptPaused, let current = self.listenerRegistration, current == registration
            else { return }
            self.acceptPaused = false
            try? self.context.loop.update(current, interest: .readable)
        }
    }
}

/// Byte counters of one proxy, updated live (Toxiproxy only counts at close; CONTRACT §2 improves that).
struct ProxyCounters {
    var received = PerDirection<UInt64>(repeating: 0)
    var sent = PerDirection<UInt64>(repeating: 0)
    var toxicApplied: [String: UInt64] = [:]
}

// MARK: Toxics on the table (live connections follow in Connection+Toxics)

extension ProxyRuntime {
    func addToxic(_ toxic: ToxicSpec) {
        toxics.append(toxic)
        for connection in connections.values { connection.addToxic(toxic) }
    }

    func updateToxic(at index: Int, to toxic: ToxicSpec) {
        toxics[index] = toxic
        for connection in connections.values { connection.updateToxic(toxic) }
    }

    func removeToxic(at index: Int) {
        let toxic = toxics.remove(at: index)
        for connection in connections.values { connection.removeToxic(toxic) }
    }
}
