/// One proxied connection: the client socket, the upstream socket once dialled, and a pump per direction.
import FaultlineCore
import FaultlinePosix
import Logging

final class Connection: EventHandler {
    enum Phase { case dialing, open, closed }
    enum Side { case client, upstream }

    let id: UInt64
    unowned let proxy: ProxyShard
    let context: LoopContext
    private(set) var phase = Phase.dialing
    var client: TCPSocket?
    var upstream: TCPSocket?
    var clientRegistration: Registration?
    var upstreamRegistration: Registration?
    let pumps = PerDirection(upstream: Pump(), downstream: Pump())
    /// What each socket is known to be ready for. Sockets are edge-triggered, so a flag stays set until a
    /// call reports EAGAIN (or a short read/write shows the kernel buffer is drained/full).
    var ready = (client: Interest.none, upstream: Interest.none)
    /// A toxic asked to close: deliver what this direction already emitted, then close (FIN) both sides.
    var closingAfter: Direction?
    /// Guards against re-entering the bookkeeping in `settle()` from inside a handler.
    var busy = false
    /// A deferred `settle()` is scheduled (a fairness cap stopped reading while the socket still had data).
    var settleScheduled = false
    /// Bytes the client sent while the upstream was being dialled; they enter the toxics once it connects.
    var early = ByteQueue()
    var earlyEOF = false
    /// The HTTP exchange engine, while the proxy has `http_*` toxics and the connection parses; nil otherwise, and then
    /// nothing on the data path looks at HTTP.
    var http: HTTPStage?
    /// The engine gave up parsing this connection (not HTTP/1.x, a tunnel, a head past the caps): never again.
    var httpDeclined = false
    /// Bytes have passed through (a new HTTP engine then has to find a request boundary first).
    var carried = false
    /// The TLS sessions, on connections of proxies with a `tls` block; nil otherwise (see `TLSStage`).
    var tls: ConnectionTLS?
    /// The client's address bytes, from accept: toxics with `clients` apply only when they admit it.
    var clientAddress: [UInt8]?
    private var dialTimer: TimerID?
    /// When the client was accepted and when the upstream answered (the SIGUSR1 dump shows where time went).
    let acceptedAt: Instant
    private(set) var establishedAt: Instant?
    private var candidates: ArraySlice<SocketAddress> = []
    /// What is being dialled, for error messages only (formatted lazily: it is not free).
    private var hostTarget: String?
    private var addressTarget: SocketAddress?
    private var target: String { addressTarget?.description ?? hostTarget ?? "" }

    /// Both sockets are registered once for everything, edge-triggered: no epoll_ctl on the data path.
    /// EPOLLRDHUP tells a FIN apart from data, so a short read can be trusted to mean "drained" unless it is set.
    static let interest: Interest = [.readable, .writable, .readHangup, .edgeTriggered]

    var isRegistered: Bool { clientRegistration != nil }

    init(id: UInt64, rng: SplitMix64, proxy: ProxyShard, client socket: consuming TCPSocket) {
        self.id = id
        var rng = rng
        pumps.upstream.rng = rng.derive()
        pumps.downstream.rng = rng.derive()
        self.proxy = proxy
        context = proxy.context
        acceptedAt = proxy.context.loop.now
        // TCP_NODELAY comes from the listener (accepted sockets inherit it).
        clientRegistration = try? context.loop.register(socket.rawValue, Self.interest, self)
        client = consume socket
        if clientRegistration == nil { phase = .closed }
    }

    // MARK: Dialling

    /// Resolves (off the loop for hostnames) and connects to the upstream, bounded by the connect timeout.
    func dial() {
        switch proxy.upstreamTarget {
        case .address(let address):
            connect(to: [address])
        case .hostname(let host, let port):
            hostTarget = "\(host):\(port)"
            armDialTimer()
            let mailbox = context.mailbox
            let (id, name) = (self.id, proxy.name)
            Resolver.resolve(host: host, port: port) { result in
                mailbox.post(.resolved(connection: id, proxy: name, result))
            }
        case .invalid(let reason):
            fail("dial tcp: \(reason)")
        }
    }

    /// The resolver's answer, delivered on the loop.
    func resolved(_ result: Result<[SocketAddress], ResolveError>) {
        guard phase == .dialing else { return }
        switch result {
        case .success(let addresses): connect(to: addresses)
        case .failure(let error): fail("dial tcp: \(error)")
        }
    }

    private func armDialTimer() {
        guard dialTimer == nil else { return }
        dialTimer = context.loop.schedule(at: context.loop.now + context.config.connectTimeout) { [weak self] in
            guard let self, self.phase == .dialing else { return }
            self.dialTimer = nil
            self.fail("dial tcp \(self.target): i/o timeout")
        }
    }

    private func connect(to addresses: [SocketAddress]) {
        candidates = addresses[...]
        tryNextCandidate(lastError: nil)
    }

    /// Go dials each resolved address in turn; so do we.
    private func tryNextCandidate(lastError: String?) {
        if let registration = upstreamRegistration { context.loop.deregister(registration, closing: true) }
        upstreamRegistration = nil
        _ = upstream.take()
        guard let address = candidates.popFirst() else {
            fail(lastError ?? "dial tcp \(target): no addresses")
            return
        }
        addressTarget = address
        do {
            let socket = try TCPSocket(family: address.family)
            socket.setNoDelay()
            let progress = try socket.connect(to: address)
            // A loopback connect has usually finished by the time connect(2) says EINPROGRESS.
            let state = progress == .connected ? .connected : socket.connectState()
            upstreamRegistration = try context.loop.register(socket.rawValue, Self.interest, self)
            upstream = consume socket
            switch state {
            case .connected: established()
            case .failed: finishConnect()
            case .pending: armDialTimer()
            }
        } catch {
            tryNextCandidate(lastError: "dial tcp \(target): connect: \(error)")
        }
    }

    private func finishConnect() {
        if let error = upstream?.pendingError() {
            tryNextCandidate(lastError: "dial tcp \(target): connect: \(error)")
        } else {
            established()
        }
    }

    private func established() {
        context.catchUp()  // the toxics installed now include edits the API already answered
        guard phase == .dialing else { return }
        establishedAt = context.loop.now
        if let timer = dialTimer { context.loop.cancel(timer) }
        dialTimer = nil
        phase = .open
        ready.upstream.insert(.writable)
        // A new connection's client has usually sent its first bytes by now, and its edge may still be on its
        // way: try a read at once (one EAGAIN at worst) instead of waiting for another loop turn.
        ready.client.formUnion([.readable, .writable])
        busy = true
        startUpstreamTLS()
        installToxics()
        if !early.isEmpty {
            let bytes = early.removeAll()
            bytes.withUnsafeBytes { receive($0, .upstream) }
        }
        if earlyEOF, phase == .open {
            pumps.upstream.sourceEOF = true
            receive(.end, .upstream)
        }
        busy = false
        settle()
    }

    /// An `nxdomain` toxic hit: the upstream is never contacted; the client hears nothing and is closed at
    /// `closeAt` (RST when `reset`), just as when a real lookup fails.
    func failLookup(closeAt: Instant, reset: Bool, toxic: String) {
        context.logger.warning(
            "upstream connection failed",
            metadata: ["proxy": "\(proxy.name)", "connection": "\(id)", "toxic": "\(toxic)",
                       "reason": "dial tcp: lookup \(proxy.upstreamHost): no such host"])
        let closeNow: () -> Void = { [weak self] in self?.close(reason: nil, resetting: (client: reset, upstream: false)) }
        if closeAt <= context.loop.now { closeNow() } else { dialTimer = context.loop.schedule(at: closeAt, closeNow) }
    }

    /// The upstream could not be reached: close the client promptly (EOF, or RST if it had sent data).
    private func fail(_ reason: String) {
        context.logger.warning(
            "upstream connection failed",
            metadata: ["proxy": "\(proxy.name)", "connection": "\(id)", "reason": "\(reason)"])
        // Toxiproxy never reads before the dial succeeds, so bytes the client sent are unread when it closes and
        // the kernel answers with RST. We may already hold them in `early`; reset explicitly to say the same.
        close(reason: nil, resetting: (client: !early.isEmpty, upstream: false))
    }

    // MARK: Events

    func handle(_ events: Interest, registration: Registration) {
        let side: Side = registration == clientRegistration ? .client : .upstream
        switch phase {
        case .closed:
            return
        case .dialing:
            // Edges seen now do not come again: remember them for when forwarding starts.
            if side == .client && events.contains(.writable) { ready.client.insert(.writable) }
            if side == .upstream && events.contains(.readable) { ready.upstream.insert(.readable) }
            if side == .upstream && !events.isDisjoint(with: [.readHangup, .hangup]) {
                ready.upstream.formUnion([.readable, .readHangup])
            }
            if side == .upstream {
                if events.contains(.writable) || events.contains(.error) || events.contains(.hangup) { finishConnect() }
            } else {
                readEarly(events)
            }
        case .open:
            if events.contains(.error), let error = socketError(side) {
                aborted(side: side, error)
                return
            }
            var flags = Interest.none
            if events.contains(.writable) { flags.insert(.writable) }
            if !events.isDisjoint(with: [.readable, .hangup, .error, .readHangup]) { flags.insert(.readable) }
            // Kept in the ready set: the peer's FIN is pending, so read until EOF whatever the read sizes.
            if !events.isDisjoint(with: [.readHangup, .hangup]) { flags.insert(.readHangup) }
            if side == .client { ready.client.formUnion(flags) } else { ready.upstream.formUnion(flags) }
            settle()
        }
    }

    // MARK: Closing

    /// Ends the connection. `resetting` sides get SO_LINGER 0 first, so their peers see RST instead of FIN.
    func close(reason: String?, resetting: (client: Bool, upstream: Bool) = (false, false)) {
        guard phase != .closed else { return }
        phase = .closed
        if let timer = dialTimer { context.loop.cancel(timer) }
        dialTimer = nil
        stopToxics()
        detachHTTP()
        detachTLS()
        if let registration = clientRegistration { context.loop.deregister(registration, closing: true) }
        if let registration = upstreamRegistration { context.loop.deregister(registration, closing: true) }
        if resetting.client { client?.setLingerZero() }
        if resetting.upstream { upstream?.setLingerZero() }
        releasePipes()
        if let socket = client.take() { context.closeLater(socket.release()) }
        if let socket = upstream.take() { context.closeLater(socket.release()) }
        let held = pumps.upstream.accounted + pumps.downstream.accounted
        pumps.upstream.reset()
        pumps.downstream.reset()
        context.budget.adjust(by: -held)
        context.unpark(self)
        proxy.forget(self)
        if let reason {
            context.logger.info(
                "connection closed", metadata: ["proxy": "\(proxy.name)", "connection": "\(id)", "reason": "\(reason)"])
        }
        if held > 0 { context.budgetReleased() }
    }

    func socketError(_ side: Side) -> Errno? {
        side == .client ? client?.pendingError() : upstream?.pendingError()
    }
}
