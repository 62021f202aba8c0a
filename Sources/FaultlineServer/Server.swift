/// The server: owns the loop, the proxy table and its runtimes, and its lifecycle from boot to shutdown.
import FaultlineAdmin
import FaultlineCore
import FaultlinePosix
import Logging

public final class Server {
    let loop: EpollLoop
    let context: LoopContext
    let config: ServerConfig
    let mailbox: LoopHandle<LoopMessage>
    /// The proxy table: every proxy's settings, state and toxics (the first loop owns it).
    var records: [String: ProxyRecord] = [:]
    /// This loop's shards of every proxy; the workers hold the others.
    let host: ShardHost
    /// Loops 2…N (`--threads`), each owning the connections its listeners accept.
    private(set) var workers: [LoopWorker] = []
    var logger: Logger { context.logger }
    /// Called on SIGHUP to re-read the config file; its proxies are then populated (added or replaced).
    public var reloadConfig: (() throws(FaultlineError) -> [ProxySpec])?
    private var signals: Signals?
    private var admin: AdminListener?
    private var registrations: [Registration] = []
    public private(set) var isStopped = false

    public init(config: ServerConfig, logger: Logger) throws(FaultlineError) {
        // Also here, for programs that embed the server: splice(2) cannot pass MSG_NOSIGNAL.
        SignalFD.ignoreBrokenPipe()
        self.config = config
        do {
            loop = try EpollLoop()
            loop.busyPollWindow = config.busyPoll
            loop.timerLead = config.timerLead
            mailbox = try LoopHandle<LoopMessage>()
        } catch {
            throw .internalError("cannot create event loop: \(error)")
        }
        let budget = MemoryBudget(limit: config.globalBudget)
        context = LoopContext(loop: loop, mailbox: mailbox, config: config, budget: budget, logger: logger)
        host = ShardHost(context: context)
        do {
            registrations.append(try mailbox.attach(to: loop) { [unowned self] in self.receive($0) })
            // Signals are blocked before any other thread exists, so no thread can take one by default action.
            if config.handleSignals {
                signals = try Signals(loop: loop) { [unowned self] in self.signalled($0) }
            }
        } catch {
            throw .internalError("cannot set up event loop: \(error)")
        }
        for index in 1..<max(1, config.threads) {
            workers.append(try LoopWorker.start(index: index, config: config, budget: budget, logger: logger))
        }
        if config.acceptHandOff && !workers.isEmpty { context.acceptRouter = AcceptRouter(workers: workers) }
    }

    /// The admin API's bound port once listening (nil without an admin listener).
    public var adminPort: UInt16? { admin?.address.port }

    /// The process-wide budget of held bytes (tests and the benchmark read its high-water mark).
    public var budget: MemoryBudget { context.budget }

    /// Creates the proxies of the config file all or nothing: on the first failure everything created is
    /// torn down again and the error says which entry failed.
    public func boot(with specs: [ProxySpec]) throws(BootError) {
        // Checked one by one first so that a bad entry (a DNS block, say) is named by its own index.
        for (index, spec) in specs.enumerated() {
            do throws(FaultlineError) { try Self.validate(spec, index: nil) } catch {
                throw BootError(index: index, name: spec.name, error: error)
            }
        }
        let outcome = populate(specs)
        guard let error = outcome.error else { return }
        let index = outcome.proxies.count
        for record in records.values {
            stop(record)
            broadcast(.remove(proxy: record.name))
        }
        records.removeAll()
        throw BootError(index: index, name: index < specs.count ? specs[index].name : nil, error: error)
    }

    /// Starts the admin API on `config.adminHost`:`config.adminPort` (after boot, as Toxiproxy does).
    public func startAdmin() throws(FaultlineError) {
        guard admin == nil, let host = config.adminHost else { return }
        admin = try AdminListener(host: host, port: config.adminPort, context: context, control: self)
        logger.info("admin API listening", metadata: ["address": "\(admin?.address.description ?? "")"])
    }

    /// Runs the loop until `shutdown()` (from a signal, a message or a handler).
    public func run() throws(FaultlineError) {
        do {
            try loop.run()
        } catch {
            throw .internalError("event loop failed: \(error)")
        }
    }

    /// Stops accepting, closes every listener and connection, and leaves the loop.
    public func shutdown() {
        guard !isStopped else { return }
        isStopped = true
        admin?.close()
        admin = nil
        for record in records.values { stop(record) }
        for worker in workers { worker.stop() }
        workers.removeAll()
        loop.stop()
    }

    private func receive(_ messages: [LoopMessage]) {
        for message in messages {
            switch message {
            case .stop:
                shutdown()
            case .resolved(let id, let proxy, let result):
                host.resolved(connection: id, proxy: proxy, result)
            case .shard(let command, let reply):
                reply.fulfil(host.apply(command))
            case .adopt(let proxy, let fd):
                host.adopt(fd, proxy: proxy)
            case .run(let work):
                work(self)
            }
        }
    }

    private func signalled(_ signal: Signals.Kind) {
        switch signal {
        case .terminate(let name):
            logger.info("shutting down", metadata: ["signal": "\(name)"])
            shutdown()
        case .reload:
            guard let reloadConfig else {
                logger.info("SIGHUP ignored: no config file to reload")
                return
            }
            do {
                let outcome = populate(try reloadConfig())
                if let error = outcome.error {
                    logger.error("config reload failed", metadata: ["reason": "\(error)"])
                } else {
                    logger.info("config reloaded", metadata: ["proxies": "\(outcome.proxies.count)"])
                }
            } catch {
                logger.error("config reload failed", metadata: ["reason": "\(error)"])
            }
        }
    }
}

/// A config entry that could not be created at boot: which one (0-based index, name) and why.
public struct BootError: Error, Equatable, Sendable {
    public var index: Int
    public var name: String?
    public var error: FaultlineError
}

// MARK: Introspection for tests and the benchmark

extension Server {
    /// Live connections of a proxy (0 when it does not exist).
    public func connectionCount(proxy: String) -> Int { shardStats(proxy: proxy)[proxy]?.activeConnections ?? 0 }

    /// Counters of one proxy, or nil when it does not exist.
    public func stats(proxy: String) -> ProxyStats? {
        guard records[proxy] != nil else { return nil }
        let stats = shardStats(proxy: proxy)[proxy] ?? ShardStats()
        return ProxyStats(
            received: stats.received, sent: stats.sent, activeConnections: stats.activeConnections,
            directionHighWater: stats.highWater)
    }
}

/// A proxy's counters as tests and the benchmark read them.
public struct ProxyStats: Sendable, Equatable {
    public var received: PerDirection<UInt64>
    public var sent: PerDirection<UInt64>
    public var activeConnections: Int
    /// The most bytes any single direction of any connection of the proxy held at once.
    public var directionHighWater: Int
}

extension Server {
    /// A one-line-per-connection dump of forwarding state, for diagnosing stalls.
    public func debugState(proxy: String) -> String {
        broadcast(.debug(proxy: proxy)).compactMap { reply in
            if case .text(let text) = reply, !text.isEmpty { return text }
            return nil
        }.joined(separator: "\n")
    }
}
