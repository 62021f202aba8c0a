/// One data loop's `udp` proxies: applies the control loop's `UDPCommand`s and lends every proxy the loop's batches.
import FaultlineCore
import FaultlinePosix

final class UDPHost {
    /// A slot holds the largest UDP payload (65,507 bytes over IPv4, 65,527 over IPv6).
    static let slotSize = 65_536
    static let batchSize = 64

    let context: LoopContext
    private var proxies: [String: UDPProxy] = [:]
    /// Shared by every UDP proxy of the loop: a batch is consumed before the next is read, so one of each does.
    private(set) lazy var receiveBatch = ReceiveBatch(capacity: Self.batchSize, slotSize: Self.slotSize)
    private(set) lazy var sendBatch = SendBatch(capacity: Self.batchSize, slotSize: Self.slotSize)

    init(context: LoopContext) { self.context = context }

    func apply(_ command: UDPCommand) -> ShardReply {
        switch command {
        case .start(let name, let fd, let upstream, let settings, let toxics, let seed):
            let proxy = proxies[name] ?? UDPProxy(name: name, context: context, host: self)
            proxies[name] = proxy
            do {
                try proxy.start(
                    listener: UDPSocket(owning: FileDescriptor(owning: fd)), upstream: upstream, settings: settings,
                    toxics: toxics, seed: seed)
            } catch {
                return .failed(error)
            }
        case .stop(let name):
            proxies[name]?.stop()
        case .settings(let name, let settings):
            proxies[name]?.apply(settings)
        case .addToxic(let name, let toxic):
            proxies[name]?.addToxic(toxic)
        case .updateToxic(let name, let toxic):
            proxies[name]?.updateToxic(toxic)
        case .removeToxic(let name, let toxic):
            proxies[name]?.removeToxic(named: toxic)
        case .stats(let name):
            let selected = name.map { wanted in proxies.filter { $0.key == wanted } } ?? proxies
            return .udpStats(selected.mapValues(\.stats))
        }
        return .done
    }

    /// Stops the proxy and forgets its counters (it was deleted or replaced).
    func remove(_ name: String) {
        proxies[name]?.stop()
        proxies[name] = nil
    }

    func stopAll() {
        for proxy in proxies.values { proxy.stop() }
    }
}
