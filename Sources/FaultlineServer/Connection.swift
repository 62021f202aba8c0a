/// One proxied connection: the client socket, the upstream socket once dialled, and a pump per direction.
import FaultlineCore
import FaultlinePosix
import Logging

final class Connection: EventHandler {
    enum Phase { case dialing, open, closed }
    enum Side { case client, upstream }

    let id: UInt64
    unowned let proxy: ProxyRuntime
    let context: LoopContext
    /// This connection's random stream (toxicity rolls, jitter, slices), derived from `--seed` in accept order.
    var rng: SplitMix64
    private(set) var phase = Phase.dialing
    var client: TCPSocket?
    var upstream: TCPSocket?
    var clientRegistration: Registration?
    var upstreamRegistration: Registration?
    var pumps = PerDirection(repeating: Pump())
    /// Sides whose peer hung up while we still had bytes to read from them; read without waiting for events.
    var hungUp = (client: false, upstream: false)
    /// A toxic asked to close: deliver what this direction already emitted, then close (FIN) both sides.
    var closingAfter: Direction?
    /// Guards against re-entering the interest/finish bookkeeping from inside a handler.
    var busy = false
    private var dialTimer: TimerID?
    private var candidates: ArraySlice<SocketAddress> = []
    private var target = ""

    var isRegistered: Bool { clientRegistration != nil }

    init(id: UInt64, rng: SplitMix64, proxy: ProxyRuntime, client socket: consuming TCPSocket) {
        self.id = id
        var rng = rng
        pumps.upstream.rng = rng.derive()
        pumps.downstream.rng = rng.derive()
        self.rng = rng
        self.proxy = proxy
        context = proxy.context
        socket.setNoDelay()
        // No interest yet: hang-ups and errors are still reported while the upstream is being dialled.
        clientRegistration = try? context.loop.register(socket.rawValue, .none, self)
        client = consume socket
        if clientRegistration == nil { phase = .closed }
    }

    // MARK: Dialling

    /// Resolves (off the loop for hostnames) and connects to the upstream, bounded by the connect timeout.
    func dial() {
        dialTimer = context.loop.schedule(at: context.loop.now + context.config.connectTimeout) { [weak self] in
            guard let self, self.phase == .dialing else { return }
            self.dialTimer = nil
            self.fail("dial tcp \(self.target): i/o timeout")
        }
        switch proxy.upstreamTarget {
        case .address(let address):
            connect(to: [address])
        case .hostname(let host, let port):
            target = "\(host):\(port)"
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

    private func connect(to addresses: [SocketAddress]) {
        candidates = addresses[...]
        tryNextCandidate(lastError: nil)
    }

    /// Go dials each resolved address in turn; so do we.
    private func tryNextCandidate(lastError: String?) {
        if let registration = upstreamRegistration { context.loop.deregister(registration) }
        upstreamRegistration = nil
        _ = upstream.take()
        guard let address = candidates.popFirst() else {
            fail(lastError ?? "dial tcp \(target): no addresses")
            return
        }
        target = address.description
        do {
            let socket = try TCPSocket(family: address.family)
            let progress = try socket.connect(to: address)
            upstreamRegistration = try context.loop.register(socket.rawValue, .writable, self)
            upstream = consume socket
            if progress == .connected { established() }
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
        if let timer = dialTimer { context.loop.cancel(timer) }
        dialTimer = nil
        phase = .open
        upstream?.setNoDelay()
        startForwarding()
    }

    /// The upstream could not be reached: close the client promptly (EOF, or RST if it had sent data).
    private func fail(_ reason: String) {
        context.logger.warning(
            "upstream connection failed",
            metadata: ["proxy": "\(proxy.name)", "connection": "\(id)", "reason": "\(reason)"])
        close(reason: nil)
    }

    // MARK: Events

    func handle(_ events: Interest, registration: Registration) {
        let side: Side = registration == clientRegistration ? .client : .upstream
        switch phase {
        case .closed:
            return
        case .dialing:
            if side == .upstream {
                finishConnect()
            } else if events.contains(.hangup) || events.contains(.error) {
                close(reason: nil)
            }
        case .open:
            busy = true
            handleOpen(events, side: side)
            busy = false
            afterActivity()
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
        if let registration = clientRegistration { context.loop.deregister(registration) }
        if let registration = upstreamRegistration { context.loop.deregister(registration) }
        if resetting.client { client?.setLingerZero() }
        if resetting.upstream { upstream?.setLingerZero() }
        _ = client.take()
        _ = upstream.take()
        let held = pumps.upstream.accounted + pumps.downstream.accounted
        pumps.upstream = Pump()
        pumps.downstream = Pump()
        context.budget.adjust(by: -held)
        context.unpark(self)
        proxy.forget(self)
        if let reason {
            context.logger.info("connection closed", metadata: ["proxy": "\(proxy.name)", "connection": "\(id)", "reason": "\(reason)"])
        }
        if held > 0 { context.budgetReleased() }
    }
}
