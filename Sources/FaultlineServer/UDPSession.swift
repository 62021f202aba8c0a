/// One client of a `udp` proxy: its own connected socket towards the upstream, so replies find their way back.
import FaultlineCore
import FaultlinePosix

/// The session's socket is connected to the upstream: the kernel keeps other senders' datagrams out of it and
/// reports an ICMP error for what it sent (port unreachable) as ECONNREFUSED on its next call, which the session
/// counts and then carries on. Each direction gets a `DatagramLinkDriver` only while it has toxics, so an idle
/// session without toxics is this object, a slot in the table and a socket.
final class UDPSession: EventHandler {
    let peer: PeerKey
    /// The client's address bytes: toxics with `clients` apply to the session only when they admit it.
    let client: [UInt8]
    unowned let proxy: UDPProxy
    /// Its slot in the proxy's `UDPSessionTable` (-1 once removed).
    var slot: Int32 = -1
    private var socket: UDPSocket?
    private var registration: Registration?
    /// Per direction: the toxics' driver, made when the direction has toxics.
    private(set) var links = PerDirection<DatagramLinkDriver?>(repeating: nil)
    /// Toxicity rolls, per direction, in the order toxics join: one `--seed` replays them session by session.
    private var rolls: PerDirection<SplitMix64>
    /// This session's datagrams in the receive batch being handled: a chain of batch indices (see `UDPProxy`).
    var chainHead = -1
    var chainTail = -1

    var rawSocket: CInt { socket?.rawValue ?? -1 }
    var isOpen: Bool { socket != nil }

    /// Opens the upstream socket and registers it; throws the errno of whatever failed (EMFILE, ENETUNREACH, …).
    init(peer: PeerKey, proxy: UDPProxy, upstream: SocketAddress, rng: inout SplitMix64) throws(Errno) {
        self.peer = peer
        client = peer.addressBytes
        self.proxy = proxy
        rolls = PerDirection(upstream: rng.derive(), downstream: rng.derive())
        let socket = try UDPSocket.connected(to: upstream)
        registration = try proxy.context.loop.register(socket.rawValue, .readable, self)
        self.socket = consume socket
    }

    /// Installs the proxy's toxics of `direction` (a new session, or a direction whose first toxic just arrived).
    func install(_ toxics: [DatagramToxicSpec], direction: Direction) {
        for spec in toxics where spec.stream == direction { add(spec) }
    }

    func add(_ spec: DatagramToxicSpec) {
        let direction = spec.stream
        let driver = links[direction] ?? makeDriver(direction)
        driver.append(spec.forClient(client), rng: &rolls[direction])
    }

    func update(_ spec: DatagramToxicSpec) {
        links[spec.stream]?.update(name: spec.name, to: spec.forClient(client), rng: &rolls[spec.stream])
    }

    /// Removes the toxic; a direction left with nothing (no toxic, nothing held) goes back to the plain path.
    func remove(name: String, direction: Direction) {
        guard let driver = links[direction], driver.remove(name: name) else { return }
        if driver.link.isEmpty && driver.heldBytes == 0 {
            proxy.retire(driver.counters, direction: direction)
            driver.stop()
            links[direction] = nil
        }
    }

    private func makeDriver(_ direction: Direction) -> DatagramLinkDriver {
        let driver = DatagramLinkDriver(scheduler: proxy.context.loop) { [unowned self] datagrams in
            self.proxy.send(datagrams, direction: direction, session: self)
        }
        links[direction] = driver
        return driver
    }

    /// Replies from the upstream: read in batches, passed through toxics or straight back to the client.
    func handle(_ events: Interest, registration: Registration) {
        guard let fd = socket?.rawValue else { return }
        proxy.receiveReplies(on: fd, for: self)
    }

    /// Closes the socket and stops the drivers (what they hold is discarded: the session is over); their counters
    /// go to the proxy's totals.
    func close() {
        for direction in Direction.both {
            guard let driver = links[direction] else { continue }
            proxy.retire(driver.counters, direction: direction)
            driver.stop()
            links[direction] = nil
        }
        // The descriptor is closed right after: epoll forgets it then, no epoll_ctl needed.
        if let registration { proxy.context.loop.deregister(registration, closing: true) }
        registration = nil
        _ = socket.take()
    }
}
