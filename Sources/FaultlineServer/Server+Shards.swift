/// Starting, stopping and editing a proxy on every data loop: the control loop sends each change to every loop
/// and waits for each answer, so the API replies only once every loop has changed.
import FaultlineCore
import FaultlinePosix

extension Server {
    /// Applies `command` on every data loop; the replies in loop order. Every loop gets it before any answer is
    /// awaited, so the loops apply it side by side.
    @discardableResult
    func broadcast(_ command: ShardCommand) -> [ShardReply] {
        workers.map { $0.post(command) }.map { $0.wait() }
    }

    /// Binds the proxy's one listening socket and starts every data loop accepting from it.
    func start(_ record: ProxyRecord) throws(FaultlineError) {
        guard !record.enabled else { return }
        // Draining: nothing listens again (a rollback re-enabling a proxy records that, and the process exits).
        guard !isDraining else { return record.enabled = true }
        if record.kind == .dns { return try startDNS(record) }
        if record.kind == .udp { return try startUDP(record) }
        let address: SocketAddress
        if let lastBound = record.lastBound { address = lastBound } else { address = try ListenAddress.resolve(record.listen) }
        try start(record, on: try ListenAddress.bind(address, given: record.listen), requested: address)
    }

    /// Starts a proxy on a socket already bound (a config reload binds every new address before switching). Each
    /// data loop gets a duplicate of it; nobody can join the port, since it is never SO_REUSEPORT.
    func start(_ record: ProxyRecord, on socket: consuming TCPSocket, requested: SocketAddress) throws(FaultlineError) {
        let bound = (try? socket.localAddress()) ?? requested
        for (index, worker) in workers.enumerated() {
            var listener: CInt?
            if index == 0 || !config.acceptHandOff {
                do {
                    listener = try socket.descriptor.duplicate().release()
                } catch {
                    broadcast(.stop(proxy: record.name))
                    throw .listenFailed(address: bound.description, reason: "dup: \(error)")
                }
            }
            let command = ShardCommand.listen(
                proxy: record.name, listener: listener, upstream: record.upstream, toxics: record.toxics,
                gate: record.gate, tls: record.tls)
            if case .failed(let error) = worker.send(command) {
                broadcast(.stop(proxy: record.name))
                throw error
            }
        }
        record.listener = consume socket
        record.lastBound = bound
        record.listen = bound.description
        record.enabled = true
        logger.info(
            "proxy started", metadata: ["proxy": "\(record.name)", "listen": "\(record.listen)", "upstream": "\(record.upstream)"])
    }

    /// Sends a toxic edit to every data loop without waiting: each applies it before it uses any byte it reads from
    /// then on, so the API can answer at once whatever the loops are doing (they may be busy or descheduled for
    /// milliseconds when cores are shared), and clients still see the edit on every byte they send after the answer.
    func announce(_ command: ShardCommand) {
        for worker in workers { worker.announce(command) }
    }

    /// Closes the listener and every live connection on every loop (FIN, held bytes discarded), as Toxiproxy does.
    func stop(_ record: ProxyRecord) {
        if record.kind == .dns { return stopDNS(record) }
        if record.kind == .udp { return stopUDP(record) }
        broadcast(.stop(proxy: record.name))
        _ = record.listener.take()
        if record.enabled { logger.info("proxy stopped", metadata: ["proxy": "\(record.name)"]) }
        record.enabled = false
    }

    /// Counters summed over every loop, by proxy name.
    func shardStats(proxy: String?) -> [String: ShardStats] {
        var total: [String: ShardStats] = [:]
        for reply in broadcast(.stats(proxy: proxy)) {
            guard case .stats(let perProxy) = reply else { continue }
            for (name, stats) in perProxy { total[name, default: ShardStats()].add(stats) }
        }
        return total
    }
}
