/// A `udp` proxy at work on its data loop: the listening socket, a session per client, datagrams moved in batches.
import FaultlineCore
import FaultlinePosix

/// Client → server: one `recvmmsg` on the listener takes up to 64 datagrams from any clients; each is filed under its
/// sender's session (made on first sight, evicting the idlest at `max_sessions`), and each session's share of the
/// batch leaves in one `sendmmsg` on its connected socket — straight from the receive batch when the direction has
/// no toxics, through its `DatagramLinkDriver` otherwise. Server → client: a session's socket is read the same way
/// and its datagrams go out of the listener, addressed to the client, so replies come from the port it talked to.
///
/// Work per readiness event is bounded (`batchesPerTurn`); the sockets are level-triggered, so what is left is
/// reported again on the next tick, after other descriptors and timers had their turn.
final class UDPProxy: EventHandler {
    static let batchesPerTurn = 8
    /// Asked of the kernel for the listener: room for bursts while the loop is busy elsewhere.
    static let listenerBuffer = 4 << 20

    let name: String
    let context: LoopContext
    unowned let host: UDPHost
    var listener: UDPSocket?
    private var registration: Registration?
    var upstream: SocketAddress?
    private(set) var settings = UDPProxySettings()
    /// The proxy's toxics in insertion order (both directions), installed on each new session.
    var toxics: [DatagramToxicSpec] = []
    var table = UDPSessionTable()
    /// Sessions draw their generators from this in the order they are made (`--seed` replays a run).
    var rng = SplitMix64(seed: 0)
    /// Totals, including what ended sessions and removed toxics did; `stats` adds the live sessions' toxics.
    var counters = UDPProxyCounters()
    var expiry: (deadline: Instant, id: TimerID)?
    /// Sessions with datagrams in the batch being handled, and the batch's per-datagram chain links.
    private var touched: [UDPSession] = []
    private var chainNext: [Int] = []

    init(name: String, context: LoopContext, host: UDPHost) {
        self.name = name
        self.context = context
        self.host = host
    }

    var isRunning: Bool { listener != nil }

    func start(
        listener socket: consuming UDPSocket, upstream: SocketAddress, settings: UDPProxySettings,
        toxics: [ToxicSpec], seed: UInt64
    ) throws(FaultlineError) {
        stop()
        socket.requestReceiveBuffer(Self.listenerBuffer)
        do {
            registration = try context.loop.register(socket.rawValue, .readable, self)
        } catch {
            let address = (try? socket.localAddress())?.description ?? name
            throw .listenFailed(address: address, reason: "epoll: \(error)", network: "udp")
        }
        listener = consume socket
        self.upstream = upstream
        self.settings = settings
        self.toxics = toxics.compactMap(DatagramToxicSpec.init)
        rng = SplitMix64(seed: seed)
    }

    /// Closes the listener and every session (held datagrams are discarded); the counters stay.
    func stop() {
        if let registration { context.loop.deregister(registration) }
        registration = nil
        _ = listener.take()
        while let oldest = table.oldest { close(oldest.session) }
        if let expiry { context.loop.cancel(expiry.id) }
        expiry = nil
    }

    func apply(_ settings: UDPProxySettings) {
        self.settings = settings
        while table.count > Int(settings.maxSessions), let oldest = table.oldest {
            close(oldest.session)
            counters.sessionsEvicted &+= 1
        }
        if let expiry { context.loop.cancel(expiry.id) }
        expiry = nil
        armExpiry()
    }

    var stats: UDPProxyCounters {
        var current = counters
        current.sessionsActive = table.count
        for session in table.all {
            for direction in Direction.both {
                if let driver = session.links[direction] { current.flows[direction].toxics += driver.counters }
            }
        }
        return current
    }

    /// Banks what a driver that is going away did.
    func retire(_ toxicCounters: DatagramCounters, direction: Direction) {
        counters.flows[direction].toxics += toxicCounters
    }

    // MARK: Toxics (applied to every live session, and to sessions made later)

    func addToxic(_ toxic: ToxicSpec) {
        guard let spec = DatagramToxicSpec(toxic) else { return }
        toxics.append(spec)
        for session in table.all { session.add(spec) }
    }

    func updateToxic(_ toxic: ToxicSpec) {
        guard let spec = DatagramToxicSpec(toxic), let index = toxics.firstIndex(where: { $0.name == spec.name })
        else { return }
        toxics[index] = spec
        for session in table.all { session.update(spec) }
    }

    func removeToxic(named name: String) {
        guard let index = toxics.firstIndex(where: { $0.name == name }) else { return }
        let spec = toxics.remove(at: index)
        for session in table.all { session.remove(name: name, direction: spec.stream) }
    }

    // MARK: Client → server

    func handle(_ events: Interest, registration: Registration) {
        let batch = host.receiveBatch
        for _ in 0..<Self.batchesPerTurn {
            guard let fd = listener?.rawValue else { return }
            let received: Int
            do {
                guard case .processed(let count) = try batch.receive(from: fd) else { return }
                received = count
            } catch {
                return  // nothing a client sent; the next readiness event tries again
            }
            // Toxic edits the API already answered apply to these datagrams too.
            context.catchUp()
            guard isRunning else { return }
            dispatchFromClients(batch, count: received)
            if received < batch.capacity { return }
        }
    }

    private func dispatchFromClients(_ batch: ReceiveBatch, count: Int) {
        let now = context.loop.now
        if chainNext.count < batch.capacity { chainNext = Array(repeating: -1, count: batch.capacity) }
        for index in 0..<count {
            let bytes = batch.payload(index)
            counters.flows.upstream.datagramsReceived &+= 1
            counters.flows.upstream.bytesReceived &+= UInt64(bytes.count)
            let peer = batch.sender(index)
            guard let session = table.session(for: peer) ?? openSession(peer, now: now) else {
                counters.noDescriptor &+= 1
                continue
            }
            table.touch(session, now: now)
            chainNext[index] = -1
            if session.chainHead < 0 {
                session.chainHead = index
                touched.append(session)
            } else {
                chainNext[session.chainTail] = index
            }
            session.chainTail = index
        }
        for session in touched { forwardChain(of: session, in: batch) }
        touched.removeAll(keepingCapacity: true)
    }

    /// Sends the session's datagrams of this batch upstream, in the order they arrived.
    private func forwardChain(of session: UDPSession, in batch: ReceiveBatch) {
        var index = session.chainHead
        session.chainHead = -1
        session.chainTail = -1
        // Evicted while this batch was being filed (more new clients in one batch than `max_sessions`).
        guard session.isOpen else { return }
        if let driver = session.links.upstream {
            var datagrams: [UDPDatagram] = []
            while index >= 0 {
                datagrams.append(UDPDatagram(copying: batch.payload(index)))
                index = chainNext[index]
            }
            driver.receive(datagrams)
            return
        }
        let out = host.sendBatch
        while index >= 0 {
            out.append(pointing: batch.payload(index))
            if out.isFull { flush(out, on: session.rawSocket, direction: .upstream) }
            index = chainNext[index]
        }
        flush(out, on: session.rawSocket, direction: .upstream)
    }

    // MARK: Server → client

    /// Reads a session's socket (replies from the upstream) and sends them to its client from the listener.
    func receiveReplies(on fd: CInt, for session: UDPSession) {
        let batch = host.receiveBatch
        for _ in 0..<Self.batchesPerTurn {
            let received: Int
            do {
                guard case .processed(let count) = try batch.receive(from: fd) else { return }
                received = count
            } catch {
                // ICMP port or host unreachable for something the session sent: counted, and the session goes on.
                if error.isUnreachable {
                    counters.upstreamUnreachable &+= 1
                    continue
                }
                return
            }
            context.catchUp()
            guard session.isOpen, let listenerFD = listener?.rawValue else { return }
            table.touch(session, now: context.loop.now)
            var bytes = 0
            for index in 0..<received { bytes += batch.payload(index).count }
            counters.flows.downstream.datagramsReceived &+= UInt64(received)
            counters.flows.downstream.bytesReceived &+= UInt64(bytes)
            if let driver = session.links.downstream {
                driver.receive((0..<received).map { UDPDatagram(copying: batch.payload($0)) })
            } else {
                let out = host.sendBatch
                for index in 0..<received {
                    out.append(pointing: batch.payload(index), to: session.peer)
                    if out.isFull { flush(out, on: listenerFD, direction: .downstream) }
                }
                flush(out, on: listenerFD, direction: .downstream)
            }
            if received < batch.capacity { return }
        }
    }
}
