/// Starting, stopping and editing a proxy on every loop: the first loop applies a change locally, then sends
/// it to each worker and waits for each answer, so the API replies only once every loop has changed.
import FaultlineCore
import FaultlinePosix

extension Server {
    /// Applies `command` on this loop and on every worker; the replies in loop order.
    @discardableResult
    func broadcast(_ command: ShardCommand) -> [ShardReply] {
        [host.apply(command)] + workers.map { $0.send(command) }
    }

    /// Binds every loop's listener (SO_REUSEPORT when there are several) and starts accepting.
    func start(_ record: ProxyRecord) throws(FaultlineError) {
        guard !record.enabled else { return }
        if record.kind == .dns { return try startDNS(record) }
        let address: SocketAddress
        if let lastBound = record.lastBound { address = lastBound } else { address = try ListenAddress.resolve(record.listen) }
        let reusePort = !workers.isEmpty && !config.acceptHandOff
        func listen(on address: SocketAddress) -> ShardCommand {
            .listen(proxy: record.name, address: address, given: record.listen, reusePort: reusePort,
                    upstream: record.upstream, toxics: record.toxics, gate: record.gate)
        }
        // The first loop binds first: with port 0 it learns the real port the others then share.
        let bound: SocketAddress
        switch host.apply(listen(on: address)) {
        case .bound(let address): bound = address
        case .failed(let error): throw error
        default: throw .internalError("unexpected reply from the first loop")
        }
        for worker in workers {
            if case .failed(let error) = worker.send(listen(on: bound)) {
                broadcast(.stop(proxy: record.name))
                throw error
            }
        }
        record.lastBound = bound
        record.listen = bound.description
        record.enabled = true
        logger.info(
            "proxy started", metadata: ["proxy": "\(record.name)", "listen": "\(record.listen)", "upstream": "\(record.upstream)"])
    }

    /// Closes every loop's listener and live connections (FIN, held bytes discarded), as Toxiproxy does.
    func stop(_ record: ProxyRecord) {
        if record.kind == .dns { return stopDNS(record) }
        broadcast(.stop(proxy: record.name))
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
