/// The `kind: "udp"` side of the proxy table: each UDP proxy runs on one data loop, never on the control loop.
import FaultlineAdmin
import FaultlineCore
import FaultlinePosix

/// Why a data loop: a UDP proxy forwarding at full speed keeps its loop busy, and the control loop must stay free to
/// answer the admin API within milliseconds. Why one loop per proxy rather than every loop: UDP has no accept to
/// spread, a client's datagrams must all meet its one session, and one loop keeps a session's toxics lock-free.
/// The loop is the least loaded by UDP proxies (ties to the lowest index), so proxies spread round-robin.
extension Server {
    /// Binds the proxy's address (the previous one when re-enabled) and starts it on its data loop.
    func startUDP(_ record: ProxyRecord) throws(FaultlineError) {
        let address: SocketAddress
        if let lastBound = record.lastBound { address = lastBound } else { address = try ListenAddress.resolve(record.listen) }
        try startUDP(record, on: try Self.bindUDP(address, given: record.listen), requested: address)
    }

    /// Starts on a socket already bound (a config reload binds every new address before switching). The control loop
    /// keeps the socket and its loop reads a duplicate; it is never SO_REUSEADDR/SO_REUSEPORT, so nobody can join.
    func startUDP(_ record: ProxyRecord, on socket: consuming UDPSocket, requested: SocketAddress) throws(FaultlineError) {
        let upstream = try Self.udpUpstream(record.upstream)
        let bound = (try? socket.localAddress()) ?? requested
        let index = record.udpLoop ?? leastLoadedUDPLoop()
        guard index < workers.count else { throw .internalError("no data loop for udp proxy \(record.name)") }
        let duplicate: CInt
        do {
            duplicate = try socket.descriptor.duplicate().release()
        } catch {
            throw .listenFailed(address: bound.description, reason: "dup: \(error)", network: "udp")
        }
        let command = UDPCommand.start(
            proxy: record.name, listener: duplicate, upstream: upstream,
            settings: record.udpSettings ?? UDPProxySettings(), toxics: record.toxics,
            seed: SplitMix64.mix(config.seed, Self.stableHash(record.name)))
        if case .failed(let error) = workers[index].send(.udp(command)) { throw error }
        record.udpLoop = index
        record.udpListener = consume socket
        record.lastBound = bound
        record.listen = bound.description
        record.enabled = true
        logger.info(
            "udp proxy started",
            metadata: ["proxy": "\(record.name)", "listen": "\(record.listen)", "upstream": "\(record.upstream)",
                       "loop": "\(index)"])
    }

    /// Closes the listener and every session; the proxy's counters stay on its loop.
    func stopUDP(_ record: ProxyRecord) {
        if let index = record.udpLoop, index < workers.count { _ = workers[index].send(.udp(.stop(proxy: record.name))) }
        _ = record.udpListener.take()
        if record.enabled { logger.info("udp proxy stopped", metadata: ["proxy": "\(record.name)"]) }
        record.enabled = false
    }

    /// Checked before anything changes (a 400 leaves the proxy as it was). A new listen address or upstream restarts
    /// the proxy (sessions closed), as for TCP proxies; a new `udp` block applies to the running sessions at once.
    func updateUDPProxy(_ entry: ProxyRecord, to update: ProxyUpdate) throws(FaultlineError) -> ProxySnapshot {
        let settings = try update.udp.map { value throws(FaultlineError) in try UDPProxySettings(json: value) }
            ?? entry.udpSettings ?? UDPProxySettings()
        if update.upstream != entry.upstream { _ = try Self.udpUpstream(update.upstream) }
        var listenChanged = update.listen != entry.listen
        if listenChanged {
            let address = try ListenAddress.resolve(update.listen)
            if entry.enabled, address.port != 0, address.description == entry.listen { listenChanged = false }
        }
        let settingsChanged = settings != entry.udpSettings
        entry.udpSettings = settings
        if listenChanged || update.upstream != entry.upstream {
            stopUDP(entry)
            if listenChanged {
                entry.listen = update.listen
                entry.lastBound = nil
            }
            entry.upstream = update.upstream
        } else if settingsChanged, entry.enabled, let index = entry.udpLoop {
            _ = workers[index].send(.udp(.settings(proxy: entry.name, settings)))
        }
        if update.enabled && !entry.enabled {
            try startUDP(entry)
        } else if !update.enabled && entry.enabled {
            stopUDP(entry)
        }
        return entry.snapshot(at: loop.now)
    }

    /// Sends a toxic edit to the proxy's loop without waiting: it applies it before the next datagram it reads.
    func announceUDP(_ command: UDPCommand, on entry: ProxyRecord) {
        guard entry.enabled, let index = entry.udpLoop, index < workers.count else { return }
        workers[index].announce(.udp(command))
    }

    /// Counters of every UDP proxy (or one), from the loops that run them.
    func udpCounters(proxy: String?) -> [String: UDPProxyCounters] {
        let loops = Set(records.values.compactMap { record in
            record.kind == .udp && (proxy == nil || record.name == proxy) ? record.udpLoop : nil
        })
        var all: [String: UDPProxyCounters] = [:]
        let replies = loops.sorted().filter { $0 < workers.count }.map { workers[$0].post(.udp(.stats(proxy: proxy))) }
        for reply in replies {
            if case .udpStats(let counters) = reply.wait() { all.merge(counters) { $1 } }
        }
        return all
    }

    /// A UDP proxy's counters; nil when there is no such UDP proxy or it never ran.
    public func udpStats(proxy: String) -> UDPProxyCounters? {
        udpCounters(proxy: proxy)[proxy]
    }

    /// A UDP proxy's block decoded and its toxics checked to be datagram toxics.
    static func prepareUDP(_ spec: ProxySpec) throws(FaultlineError) -> UDPProxySettings {
        let settings = try UDPProxySettings(json: spec.udp)
        for toxic in spec.toxics {
            guard case .udp(let kind) = toxic.kind else { throw .invalidToxicType }
            try kind.validate()
        }
        return settings
    }

    /// The upstream address: an `IP:port` literal or a hostname resolved now (a session's socket is connected to
    /// it, so it is fixed while the proxy runs; a new upstream or a restart resolves again).
    static func udpUpstream(_ text: String) throws(FaultlineError) -> SocketAddress {
        let parsed: HostPort
        do { parsed = try HostPort.parse(text) } catch {
            throw .invalidValue(field: "upstream", reason: error.reason)
        }
        guard parsed.port != 0 else { throw .invalidValue(field: "upstream", reason: "the port must not be 0") }
        if let address = SocketAddress(numericHost: parsed.host, port: parsed.port) { return address }
        switch Resolver.resolveBlocking(host: parsed.host, port: parsed.port) {
        case .success(let addresses):
            guard let first = addresses.first else {
                throw .invalidValue(field: "upstream", reason: "lookup \(parsed.host): no such host")
            }
            return first
        case .failure(let error):
            throw .invalidValue(field: "upstream", reason: "\(error)")
        }
    }

    /// Binds without SO_REUSEADDR or SO_REUSEPORT, so an address held by any other socket is refused with Go's text:
    /// `listen udp 127.0.0.1:7946: bind: address already in use` (a 500, as for TCP).
    static func bindUDP(_ address: SocketAddress, given text: String) throws(FaultlineError) -> UDPSocket {
        do {
            return try UDPSocket.bind(on: address)
        } catch {
            let shown = address.isWildcard && (text.hasPrefix(":") || text.isEmpty) ? text : address.description
            throw .listenFailed(address: shown, reason: "bind: \(error)", network: "udp")
        }
    }

    /// The data loop running the fewest UDP proxies (ties to the lowest index).
    private func leastLoadedUDPLoop() -> Int {
        var load = [Int](repeating: 0, count: max(1, workers.count))
        for record in records.values { if let index = record.udpLoop, index < load.count { load[index] += 1 } }
        return load.indices.min { load[$0] < load[$1] } ?? 0
    }

    /// FNV-1a of the name: each UDP proxy draws from its own stream of `--seed`, whatever loop it lands on.
    static func stableHash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
