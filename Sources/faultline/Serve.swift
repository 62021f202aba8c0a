/// `faultline serve`: load the config, start the admin API and the proxies, run until SIGINT/SIGTERM.
import ArgumentParser
import FaultlineCore
import FaultlinePosix
import FaultlineServer
import Logging

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the proxy server (admin API on --host:--port, proxies from --config).")

    @Option(help: "Admin API host; the default binds loopback only.")
    var host = "localhost"

    @Option(help: "Admin API port.")
    var port: UInt16 = 8474

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

    func validate() throws {
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256") }
        guard connectTimeout > 0 else { throw ValidationError("--connect-timeout must be positive (milliseconds)") }
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
        let cpus = ResourceLimits.usableCPUs
        let loops = threads ?? cpus
        let pollMicroseconds = busyPoll ?? (loops < cpus ? 50 : 0)
        var serverConfig = ServerConfig(
            adminHost: host, adminPort: port, seed: seed, connectTimeout: .milliseconds(connectTimeout),
            directionBudget: directionBudget.bytes, globalBudget: maxBuffered.bytes, proxyMetrics: proxyMetrics,
            runtimeMetrics: runtimeMetrics, handleSignals: true, busyPoll: .microseconds(max(0, pollMicroseconds)),
            splice: splice, threads: loops)
        serverConfig.acceptHandOff = acceptHandOff
        serverConfig.dashboard = ui
        serverConfig.timerLead = .microseconds(max(0, timerLead))
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
        logger.info(
            "faultline \(FaultlineVersion.current) ready",
            metadata: ["admin": "\(host):\(server.adminPort.map(String.init) ?? "off")", "seed": "\(seed)",
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
