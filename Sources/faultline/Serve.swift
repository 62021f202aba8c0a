/// `faultline serve`: load the config, start the admin API and the proxies, run until SIGINT/SIGTERM.
import ArgumentParser
import FaultlineAdmin
import FaultlineCore
import FaultlinePosix
import FaultlineServer
import Logging

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the proxy server (admin API on --host:--port, proxies from --config).")

    @Option(help: "Admin API host (default localhost: loopback only).")
    var host: String?

    @Option(help: "Admin API port (default 8474).")
    var port: UInt16?

    @Option(help: ArgumentHelp(
        "Serve the admin API on this Unix socket (mode 0600).",
        discussion: "Alone, unless --host or --port is given too: then on both.", valueName: "path"))
    var adminSocket: String?

    @Option(help: ArgumentHelp("Group that may use --admin-socket too (mode 0660): a name or a number.", valueName: "group"))
    var adminSocketGroup: String?

    @Option(help: ArgumentHelp(
        "Require 'Authorization: Bearer <token>' on the admin API, the token read from this file.",
        discussion: "GET /version, /healthz and /readyz stay open. The file must not be readable by everyone.",
        valueName: "file"))
    var adminTokenFile: String?

    @Option(help: ArgumentHelp(
        "Admin clients over TCP only from these CIDR blocks, comma-separated (e.g. 127.0.0.1/32,10.0.0.0/8).",
        valueName: "cidrs"))
    var adminAllow: String?

    @Flag(help: "Answer only GET requests on the admin API (others get 403).")
    var readOnly = false

    @Flag(help: "Re-apply --config whenever the file changes (as SIGHUP does); a broken file is logged and ignored.")
    var watchConfig = false

    @Option(help: ArgumentHelp(
        "On SIGTERM, stop accepting and let live connections finish for up to this long (e.g. 30s).",
        discussion: "0 (the default) closes them at once. A second signal ends the drain.", valueName: "duration"))
    var drainTimeout: DurationArgument = DurationArgument(.zero)

    @Option(help: ArgumentHelp(
        "Every toxic the admin API creates must carry a ttl, at most this long (e.g. 30m): shared staging servers.",
        discussion: "A toxic without one, or with a longer one, is refused with 400. The config file's are exempt.",
        valueName: "duration"))
    var maxToxicTtl: DurationArgument?

    @Option(help: "JSON file of proxies to create at start (Toxiproxy's populate format, plus \"toxics\").")
    var config: String?

    @Option(help: "Seed for every random choice (toxicity rolls, jitter, slices); printed at start when omitted.")
    var seed: UInt64?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (env LOG_LEVEL).")
    var logLevel: Logger.Level?

    @Option(help: "Log format: text or json.")
    var logFormat: LogFormat = .text

    @Flag(help: "Serve Toxiproxy's proxy byte counters (and Faultline's gauges) on /metrics.")
    var proxyMetrics = false

    @Flag(help: "Serve process metrics on /metrics.")
    var runtimeMetrics = false

    @Option(help: "Bytes the whole process may hold in toxics and queues before every connection stops reading.")
    var maxBuffered: ByteCount = ByteCount(1 << 30)

    @Option(help: "Bytes one direction of one connection may hold before it stops reading.")
    var directionBudget: ByteCount = ByteCount(16 << 20)

    @Option(help: "Upstream connect timeout in milliseconds.")
    var connectTimeout: Int = 10_000

    @Option(help: "Microseconds before a timer is due at which the loop stops sleeping and polls (precision vs CPU).")
    var timerLead: Int = 500

    @Option(help: ArgumentHelp(
        "Data loops (threads); each owns the connections it accepts. Default: the CPUs this process may use.",
        discussion: "The admin API, DNS listeners and signals run on a control thread of their own besides these."))
    var threads: Int?

    @Flag(help: "Accept on the first data loop and hand connections to the others, instead of every loop accepting.")
    var acceptHandOff = false

    @Flag(inversion: .prefixedNo, help: "Move bytes of directions without toxics with splice(2) (zero-copy).")
    var splice = true

    @Flag(inversion: .prefixedNo, help: "Serve the dashboard on the admin port at /ui.")
    var ui = true

    @Option(help: ArgumentHelp(
        "Microseconds a loop keeps polling after activity before it sleeps (0 = never).",
        discussion: "Default: 50 when the loops leave a CPU free, else 0 (loops polling on every CPU starve the rest)."))
    var busyPoll: Int?

    @OptionGroup var tls: ServeTLSOptions

    func validate() throws {
        if adminSocketGroup != nil && adminSocket == nil {
            throw ValidationError("--admin-socket-group needs --admin-socket")
        }
        if let adminSocketGroup, FileSystem.groupID(adminSocketGroup) == nil {
            throw ValidationError("--admin-socket-group: no group named \(adminSocketGroup)")
        }
        if watchConfig && config == nil { throw ValidationError("--watch-config needs --config") }
        _ = try allowedRanges()
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256") }
        guard connectTimeout > 0 else { throw ValidationError("--connect-timeout must be positive (milliseconds)") }
        if let maxToxicTtl, !(1...ToxicOptions.maximumMilliseconds).contains(maxToxicTtl.milliseconds) {
            throw ValidationError("--max-toxic-ttl must be between 1ms and 24h")
        }
        guard maxBuffered.bytes > 0, directionBudget.bytes > 0 else {
            throw ValidationError("--max-buffered and --direction-budget must be positive")
        }
    }

    func run() throws {
        let level = try resolvedLevel()
        let format = logFormat
        LoggingSystem.bootstrap { label in LogOutput(label: label, format: format, logLevel: level) }
        let logger = Logger(label: "faultline")
        let seed = self.seed ?? WallClock.randomSeed()
        let files = ResourceLimits.raiseOpenFiles()
        if files.after != files.before {
            logger.info("raised the open-file limit", metadata: ["from": "\(files.before)", "to": "\(files.after)"])
        }

        var specs: [ProxySpec] = []
        if let config {
            do {
                specs = try ConfigFile.load(config)
            } catch {
                logger.critical("startup failed: \(error)")
                throw ExitCode(1)
            }
        }
        var gate = AdminGate(readOnly: readOnly, allowed: try allowedRanges())
        if let adminTokenFile {
            do {
                gate.token = try AdminTokenFile.load(adminTokenFile)
            } catch {
                logger.critical("startup failed: \(error)")
                throw ExitCode(1)
            }
        }
        let cpus = ResourceLimits.usableCPUs
        let loops = threads ?? cpus
        let pollMicroseconds = busyPoll ?? (loops < cpus ? 50 : 0)
        // With --admin-socket alone the API is on the socket only; --host or --port adds TCP beside it.
        let tcpAdmin = adminSocket == nil || host != nil || port != nil
        let adminHost = host ?? "localhost"
        var serverConfig = ServerConfig(
            adminHost: tcpAdmin ? adminHost : nil, adminPort: port ?? 8474, seed: seed, connectTimeout: .milliseconds(connectTimeout),
            directionBudget: directionBudget.bytes, globalBudget: maxBuffered.bytes, proxyMetrics: proxyMetrics,
            runtimeMetrics: runtimeMetrics, handleSignals: true, busyPoll: .microseconds(max(0, pollMicroseconds)),
            splice: splice, threads: loops)
        serverConfig.acceptHandOff = acceptHandOff
        serverConfig.dashboard = ui
        serverConfig.timerLead = .microseconds(max(0, timerLead))
        serverConfig.adminSocket = adminSocket.map { AdminSocket(path: $0, group: adminSocketGroup.flatMap(FileSystem.groupID)) }
        serverConfig.adminGate = gate
        serverConfig.drainTimeout = drainTimeout.duration
        serverConfig.watchConfig = watchConfig
        tls.apply(to: &serverConfig)
        serverConfig.maxToxicTTL = maxToxicTtl?.milliseconds
        let server: Server
        do {
            server = try Server(config: serverConfig, logger: logger)
            try server.boot(with: specs)
            try server.startAdmin()
        } catch let error as BootError {
            logger.critical("startup failed: \(ConfigFile.describe(error, file: config ?? "-", specs: specs))")
            throw ExitCode(1)
        } catch {
            logger.critical("startup failed: \(error)")
            throw ExitCode(1)
        }
        server.configFile = config
        if watchConfig {
            do throws(FaultlineError) { try server.watchConfigFile() } catch {
                logger.critical("startup failed: \(error.message)")
                throw ExitCode(1)
            }
        }
        let tcpText = server.adminPort.map { "\(adminHost):\($0)" } ?? "off"
        logger.info(
            "faultline \(FaultlineVersion.current) ready",
            metadata: ["admin": "\(tcpText)\(adminSocket.map { " unix:\($0)" } ?? "")", "seed": "\(seed)",
                       "proxies": "\(specs.count)", "threads": "\(serverConfig.threads)",
                       "busy_poll_us": "\(pollMicroseconds)",
                       "open_files": "\(files.after)"])
        do {
            try server.run()
        } catch {
            logger.critical("server failed: \(error)")
            throw ExitCode(1)
        }
        logger.info("stopped")
    }

    /// `--admin-allow` as address blocks; a bad one is a usage error naming it.
    private func allowedRanges() throws -> [AddressRange] {
        guard let adminAllow else { return [] }
        return try adminAllow.split(separator: ",").map { item in
            let text = item.trimmingSpaces
            guard let range = AddressRange(text) else {
                throw ValidationError("--admin-allow: \(text) is not an address or CIDR block (e.g. 10.0.0.0/8, ::1)")
            }
            return range
        }
    }

    private func resolvedLevel() throws -> Logger.Level {
        if let logLevel { return logLevel }
        guard let text = Environment.value("LOG_LEVEL"), !text.isEmpty else { return .info }
        switch text.lowercased() {
        case "warn": return .warning
        case "fatal", "panic": return .critical
        default:
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ValidationError("LOG_LEVEL=\(text) is not a level (trace, debug, info, warning, error, critical)")
            }
            return level
        }
    }
}

/// A byte count with an optional binary suffix: `1048576`, `512KiB`, `16MiB`, `1GiB`.
struct ByteCount: ExpressibleByArgument {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10),
                                      ("M", 1 << 20), ("G", 1 << 30), ("B", 1)]
        var text = argument
        var scale = 1
        for (suffix, value) in units where text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
            scale = value
            break
        }
        guard let number = Int(text), number >= 0, number <= Int.max / scale else { return nil }
        bytes = number * scale
    }

    var defaultValueDescription: String { "\(bytes)" }
}

/// A duration argument: `30s`, `500ms`, `2m`, `1h`, or a bare number of seconds.
struct DurationArgument: ExpressibleByArgument {
    var duration: Duration

    init(_ duration: Duration) { self.duration = duration }

    init?(argument: String) {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        var text = Substring(argument)
        var scale: Int64 = 1000
        for (suffix, milliseconds) in units where text.hasSuffix(suffix) {
            text = text.dropLast(suffix.count)
            scale = milliseconds
            break
        }
        guard let number = Int64(text), number >= 0, number <= Int64.max / scale / 1_000_000 else { return nil }
        duration = .milliseconds(number * scale)
    }

    var defaultValueDescription: String { "\(duration.components.seconds)s" }

    /// Whole milliseconds.
    var milliseconds: Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}

extension Substring {
    var trimmingSpaces: String {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
