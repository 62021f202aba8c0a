/// One data loop's shards of every proxy: applies table changes sent by the control loop, routes resolver results.
import FaultlineCore
import FaultlinePosix

final class ShardHost {
    let context: LoopContext
    private(set) var shards: [String: ProxyShard] = [:]
    /// The `udp` proxies this loop runs; made on first use (its batches reserve address space).
    private(set) lazy var udp = UDPHost(context: context)

    init(context: LoopContext) { self.context = context }

    func apply(_ command: ShardCommand) -> ShardReply {
        switch command {
        case .listen(let proxy, let listener, let upstream, let toxics, let gate, let tls):
            let shard = shards[proxy] ?? ProxyShard(name: proxy, upstream: upstream, toxics: toxics, context: context)
            shards[proxy] = shard
            shard.configure(upstream: upstream, toxics: toxics, gate: gate, tls: tls)
            guard let listener else { return .done }  // hand-off mode: connections arrive from the accepting loop
            do {
                try shard.listen(adopting: TCPSocket(owning: FileDescriptor(owning: listener)))
            } catch {
                return .failed(error)
            }
        case .stop(let proxy):
            shards[proxy]?.stop()
        case .stopAccepting:
            for shard in shards.values { shard.stopListening() }
        case .remove(let proxy):
            shards[proxy]?.stop()
            shards[proxy] = nil
            udp.remove(proxy)
        case .setUpstream(let proxy, let upstream):
            shards[proxy]?.setUpstream(upstream)
        case .addToxic(let proxy, let toxic):
            shards[proxy]?.addToxic(toxic)
        case .updateToxic(let proxy, let toxic):
            shards[proxy]?.updateToxic(toxic)
        case .removeToxic(let proxy, let toxic):
            shards[proxy]?.removeToxic(toxic)
        case .stats(let proxy):
            let selected = proxy.map { name in shards.filter { $0.key == name } } ?? shards
            return .stats(selected.mapValues(\.stats))
        case .loopStats:
            let loop = context.loop
            return .loop(
                LoopStats(
                    sleptNanoseconds: loop.sleptNanoseconds,
                    aliveNanoseconds: UInt64((MonotonicClock.now() - loop.createdAt).nanosecondsClamped),
                    pendingTimers: loop.pendingTimers, connections: shards.values.reduce(0) { $0 + $1.connections.count }))
        case .udp(let command):
            return udp.apply(command)
        case .debug(let proxy):
            return .text(shards[proxy]?.connections.values.map(\.debugDescription).joined(separator: "\n") ?? "")
        }
        return .done
    }

    /// A connection the accepting loop handed to this one; closed at once when the proxy is gone here.
    func adopt(_ fd: CInt, proxy: String) {
        let socket = TCPSocket(owning: FileDescriptor(owning: fd))
        shards[proxy]?.adopt(socket)
    }

    func resolved(connection id: UInt64, proxy: String, _ result: Result<[SocketAddress], ResolveError>) {
        shards[proxy]?.connections[id]?.resolved(result)
    }

    func stopAll() {
        for shard in shards.values { shard.stop() }
        udp.stopAll()
    }
}
