/// The server: owns the control loop, the proxy table, the data loops, and its lifecycle from boot to shutdown.
import Dispatch
import FaultlineAdmin
import FaultlineCore
import FaultlinePosix
import FaultlineTLS
import Logging

/// The control loop runs on the thread that calls `run()` and carries no proxied connection: the admin API, DNS
/// listeners and signals answer within milliseconds however busy the data loops are (`--threads` of them, each on
/// its own thread), which would otherwise starve them under load.
public final class Server {
    let loop: EpollLoop
    let context: LoopContext
    let config: ServerConfig
    let mailbox: LoopHandle<LoopMessage>
    /// The proxy table: every proxy's settings, state and toxics (the control loop owns it).
    var records: [String: ProxyRecord] = [:]
    /// The data loops (`--threads`), each owning the connections it accepts.
    private(set) var workers: [LoopWorker] = []
    var logger: Logger { context.logger }
    /// The config file SIGHUP re-reads and applies (`apply(configEntries:)`); nil when there is none.
    public var configFile: String?
    private var signals: Signals?
    private var admins: [AdminListener] = []
    /// SIGTERM arrived with a drain timeout: listeners are closed, live connections finish (see `Server+Drain`).
    public internal(set) var isDraining = false
    var drainCheck: TimerID?
    /// Follows the config file (`--watch-config`); nil otherwise.
    var configWatcher: ConfigWatcher?
    private var registrations: [Registration] = []
    /// Each loop's (alive, busy) nanoseconds at the previous /metrics scrape, for its busy ratio since then.
    var loopSamples: [String: (alive: UInt64, busy: UInt64)] = [:]
    /// The dashboard's traffic counters, sampled without waiting while someone polls `/ui/state`.
    let trafficSampler = TrafficSampler()
    public private(set) var isStopped = false
    /// The auto CA of `"auto": true` listeners and `tls_certificate` faults, opened on first use (`Server+TLS`).
    var authority: CertificateAuthority?

    public init(config: ServerConfig, logger: Logger) throws(FaultlineError) {
        // Also here, for programs that embed the server: splice(2) cannot pass MSG_NOSIGNAL.
        SignalFD.ignoreBrokenPipe()
        HeapTrim.keepChunksInArenas()
        self.config = config
        let mailboxes: [LoopHandle<LoopMessage>]
        do {
            loop = try EpollLoop()
            // Never busy-polls: it mostly sleeps, and its CPU is the data loops' and the application's.
            loop.timerLead = config.timerLead
            loop.tickBudget = config.tickBudget
            mailbox = try LoopHandle<LoopMessage>()
            mailboxes = try (0..<max(1, config.threads)).map { _ throws(Errno) in try LoopHandle<LoopMessage>() }
        } catch {
            throw .internalError("cannot create event loop: \(error)")
        }
        let budget = MemoryBudget(limit: config.globalBudget)
        var control = config
        // The DNS listeners' draws come from a stream of their own, apart from data loop 0's connections.
        control.seed = SplitMix64.mix(config.seed, UInt64.max)
        context = LoopContext(loop: loop, mailbox: mailbox, config: control, budget: budget, logger: logger)
        do {
            registrations.append(try mailbox.attach(to: loop) { [unowned self] in self.receive($0) })
            // Signals are blocked before any other thread exists, so no thread can take one by default action.
            if config.handleSignals {
                signals = try Signals(loop: loop) { [unowned self] in self.signalled($0) }
            }
        } catch {
            throw .internalError("cannot set up event loop: \(error)")
        }
        let handOff = config.acceptHandOff && mailboxes.count > 1 ? mailboxes : nil
        for (index, mailbox) in mailboxes.enumerated() {
            workers.append(
                try LoopWorker.start(
                    index: index, mailbox: mailbox, config: config, budget: budget, logger: logger,
                    handOff: index == 0 ? handOff : nil))
        }
    }

    /// The admin API's bound TCP port once listening (nil without a TCP admin listener).
    public var adminPort: UInt16? { admins.lazy.compactMap(\.address).first?.port }

    /// The process-wide budget of held bytes (tests and the benchmark read its high-water mark).
    public var budget: MemoryBudget { context.budget }

    /// Creates the proxies of the config file all or nothing: the error says which entry failed.
    public func boot(with specs: [ProxySpec]) throws(BootError) {
        try apply(configEntries: specs)
    }

    /// Starts the admin API on its Unix socket (`config.adminSocket`) and on `config.adminHost`:`config.adminPort`
    /// (after boot, as Toxiproxy does), both behind the same gate.
    public func startAdmin() throws(FaultlineError) {
        guard admins.isEmpty else { return }
        let api = AdminAPI(
            control: self, serverVersion: FaultlineVersion.current, apiVersion: FaultlineVersion.toxiproxyAPI,
            dashboard: dashboardAccess())
        let front = AdminFront(
            api: api, gate: config.adminGate, readiness: { [unowned self] in self.readiness },
            authority: { [unowned self] in self.authority?.certificatePEM })
        do throws(FaultlineError) {
            if let socket = config.adminSocket {
                admins.append(
                    try .unix(path: socket.path, mode: socket.mode, group: socket.group, context: context, front: front))
            }
            if let host = config.adminHost {
                let tls = try config.adminTLS.map { files throws(FaultlineError) in try Self.adminTLSContext(files) }
                admins.append(try .tcp(host: host, port: config.adminPort, context: context, front: front, tls: tls))
            }
        } catch {
            for admin in admins { admin.close() }
            admins.removeAll()
            throw error
        }
        for admin in admins { logger.info("admin API listening", metadata: ["address": "\(admin.description)"]) }
    }

    /// Runs the loop until `shutdown()` (from a signal, a message or a handler).
    public func run() throws(FaultlineError) {
        raiseControlPriority()
        scheduleHeapCheck()
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
        for admin in admins { admin.close() }
        admins.removeAll()
        configWatcher = nil
        if let drainCheck { loop.cancel(drainCheck) }
        for record in records.values { stop(record) }
        for worker in workers { worker.stop() }
        workers.removeAll()
        loop.stop()
    }

    /// The control loop mostly sleeps, and when an admin request or a DNS query wakes it, it should not wait behind
    /// busy threads for a time slice (measured: `GET /version` p99 4–8 ms with the cores full, 2–3 ms at nice -10).
    /// Allowed only with CAP_SYS_NICE or RLIMIT_NICE; otherwise it runs at the normal priority.
    private func raiseControlPriority() {
        guard config.controlNice != 0 else { return }
        do {
            try PosixThread.setCurrentNice(config.controlNice)
            logger.debug("control loop priority raised", metadata: ["nice": "\(config.controlNice)"])
        } catch {
            logger.debug("control loop keeps normal priority", metadata: ["reason": "\(error)"])
        }
    }

    /// Once a second the control loop looks whether a burst of held bytes has drained, and if so has the freed heap
    /// returned to the kernel. The trim walks every arena (measured: 200 ms after a 1.2 GiB burst), so it runs on a
    /// background queue, touching no loop state, never on a loop.
    private func scheduleHeapCheck() {
        _ = loop.schedule(at: loop.now + .seconds(1)) { [weak self] in
            guard let self, !self.isStopped else { return }
            if self.context.budget.takeTrimHint() {
                let logger = self.logger
                DispatchQueue.global(qos: .utility).async {
                    let before = ProcessStats.read().residentBytes
                    let started = MonotonicClock.now()
                    HeapTrim.now()
                    logger.debug(
                        "heap trimmed after a burst",
                        metadata: ["rss_before": "\(before)", "rss_after": "\(ProcessStats.read().residentBytes)",
                                   "took": "\(MonotonicClock.now() - started)"])
                }
            }
            self.scheduleHeapCheck()
        }
    }

    private func receive(_ messages: [LoopMessage]) {
        for message in messages {
            switch message {
            case .stop:
                shutdown()
            case .run(let work):
                work(self)
            case .resolved, .shard, .adopt, .work, .budgetFreed:
                break  // data-loop messages; nothing sends them to the control loop
            }
        }
    }

    private func signalled(_ signal: Signals.Kind) {
        switch signal {
        case .terminate(let name):
            if config.drainTimeout > .zero && !isDraining {
                beginDrain(signal: name)
            } else {
                logger.info("shutting down", metadata: ["signal": "\(name)"])
                shutdown()
            }
        case .reload:
            reloadConfigFile()
        case .dump:
            for name in records.keys.sorted() where records[name]?.kind == .tcp {
                logger.warning(
                    "connection state (SIGUSR1)",
                    metadata: ["proxy": "\(name)", "budget_held": "\(context.budget.current)",
                               "connections": "\n\(debugState(proxy: name))"])
            }
        }
    }

    /// Re-reads the config file and applies it all or nothing; a failure is logged and the running config stays.
    /// `trigger` says why, for the log (`SIGHUP`, or `file changed` from `--watch-config`).
    public func reloadConfigFile(trigger: String = "SIGHUP") {
        guard !isDraining else { return }
        guard let path = configFile else {
            logger.info("\(trigger) ignored: no config file to reload")
            return
        }
        let specs: [ProxySpec]
        do {
            specs = try ConfigFile.load(path)
        } catch {
            logger.error(
                "config reload failed, running config kept", metadata: ["reason": "\(error)", "trigger": "\(trigger)"])
            return
        }
        let started = MonotonicClock.now()
        do {
            let changes = try apply(configEntries: specs)
            logger.info(
                "config reloaded",
                metadata: ["file": "\(path)", "unchanged": "\(changes.unchanged)", "replaced": "\(changes.replaced)",
                           "created": "\(changes.created)", "removed": "\(changes.removed)", "trigger": "\(trigger)",
                           "took": "\(MonotonicClock.now() - started)"])
        } catch {
            logger.error(
                "config reload failed, running config kept",
                metadata: [
                    "reason": "\(ConfigFile.describe(error, file: path, specs: specs))", "trigger": "\(trigger)",
                ])
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

    /// Runs `work` once on every data loop's thread, without waiting (tests use it to hold the loops still).
    public func runOnDataLoops(_ work: @escaping @Sendable () -> Void) {
        for worker in workers { worker.post(work) }
    }

    /// Counters of one proxy, or nil when it does not exist.
    public func stats(proxy: String) -> ProxyStats? {
        guard records[proxy] != nil else { return nil }
        let stats = shardStats(proxy: proxy)[proxy] ?? ShardStats()
        return ProxyStats(
            received: stats.received, sent: stats.sent, activeConnections: stats.activeConnections,
            directionHighWater: stats.highWater,
            tlsHandshakes: stats.tls.handshakes.client &+ stats.tls.handshakes.upstream,
            tlsFailures: stats.tls.failures.client &+ stats.tls.failures.upstream)
    }
}

/// A proxy's counters as tests and the benchmark read them.
public struct ProxyStats: Sendable, Equatable {
    public var received: PerDirection<UInt64>
    public var sent: PerDirection<UInt64>
    public var activeConnections: Int
    /// The most bytes any single direction of any connection of the proxy held at once.
    public var directionHighWater: Int
    /// TLS handshakes completed and TLS sessions failed (bad handshakes, timeouts, faults), both sides together.
    public var tlsHandshakes: UInt64 = 0
    public var tlsFailures: UInt64 = 0
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
