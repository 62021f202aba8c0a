/// `toxiproxy-server`'s command line (Toxiproxy 2.12.0's flags, Go's spellings and messages), run as `faultline serve`.
import ArgumentParser
import FaultlineCore
import FaultlinePosix

/// Entered when the binary is invoked as `toxiproxy-server` (or `toxiproxy`, the path Toxiproxy's image uses), as
/// `faultline toxiproxy-server …`, or as `faultline -host=…` (a Toxiproxy image's command given to ours).
enum ToxiproxyServer {
    /// The names under which argv[0] means "be toxiproxy-server".
    static let programNames: Set<String> = ["toxiproxy-server", "toxiproxy"]

    /// What `cmd/server/server.go` defines, with its usage texts; `-seed`'s default is the time, as there.
    static func flags(seedDefault: Int64) -> GoFlagSet {
        GoFlagSet(flags: [
            .init(name: "host", kind: .string, usage: "Host for toxiproxy's API to listen on", defaultText: "localhost"),
            .init(name: "port", kind: .string, usage: "Port for toxiproxy's API to listen on", defaultText: "8474"),
            .init(
                name: "config", kind: .string, usage: "JSON file containing proxies to create on startup",
                defaultText: ""),
            .init(name: "seed", kind: .int64, usage: "Seed for randomizing toxics with", defaultText: "\(seedDefault)"),
            .init(
                name: "runtime-metrics", kind: .bool,
                usage: #"enable runtime-related prometheus metrics (default "false")"#, defaultText: "false"),
            .init(
                name: "proxy-metrics", kind: .bool,
                usage: #"enable toxiproxy-specific prometheus metrics (default "false")"#, defaultText: "false"),
            .init(name: "version", kind: .bool, usage: #"print the version (default "false")"#, defaultText: "false"),
        ])
    }

    /// Whether `arguments` (after argv[0]) start with one of Toxiproxy's flags in Go's single-dash spelling, which no
    /// `faultline` command line can: `faultline -host=0.0.0.0 -config x` is a Toxiproxy image's command given to ours.
    static func isGoStyle(_ arguments: [String]) -> Bool {
        guard let first = arguments.first, first.hasPrefix("-"), !first.hasPrefix("--") else { return false }
        let name = first.dropFirst().split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
        return flags(seedDefault: 0).flags.contains { $0.name == name }
    }

    /// What a parse decided: the `faultline serve` arguments to run, or text to print and the exit code.
    enum Decision: Equatable {
        case serve([String])
        case exit(stdout: String, stderr: String, code: Int32)
    }

    /// Maps Toxiproxy's flags onto `faultline serve`'s; pure, so every spelling and message is unit-tested.
    static func decide(_ arguments: [String], program: String, seedDefault: Int64) -> Decision {
        let set = flags(seedDefault: seedDefault)
        let values: [String: GoFlagSet.Value]
        switch set.parse(arguments) {
        case .help:
            return .exit(stdout: "", stderr: set.usage(program: program), code: 0)
        case .failed(let message):
            return .exit(stdout: "", stderr: message + "\n" + set.usage(program: program), code: 2)
        case .parsed(let parsed, _):
            values = parsed  // Toxiproxy ignores arguments after the flags; so do we.
        }
        if case .bool(true)? = values["version"] {
            return .exit(stdout: "toxiproxy-server version \(FaultlineVersion.toxiproxyAPI)\n", stderr: "", code: 0)
        }
        var serve = ["serve"]
        if case .string(let host)? = values["host"] { serve += ["--host", host] }
        if case .string(let port)? = values["port"] {
            // Go's net.Listen would name the port; Toxiproxy logs that and idles, we refuse to start.
            guard UInt16(port) != nil else {
                return .exit(stdout: "", stderr: "error: listen tcp: address \(port): invalid port\n", code: 1)
            }
            serve += ["--port", port]
        }
        if case .string(let config)? = values["config"], !config.isEmpty { serve += ["--config", config] }
        // Go's seed is an int64; ours is its bit pattern (Toxiproxy ignores it, we honour it).
        if case .int64(let seed)? = values["seed"] { serve += ["--seed", String(UInt64(bitPattern: seed))] }
        if case .bool(true)? = values["proxy-metrics"] { serve.append("--proxy-metrics") }
        if case .bool(true)? = values["runtime-metrics"] { serve.append("--runtime-metrics") }
        return .serve(serve)
    }

    /// Parses, then runs `faultline serve` with the mapped options (or prints and exits as Go's flag package does).
    static func main(_ arguments: [String], program: String) -> Never {
        let seed = WallClock.nanosecondsSinceEpoch()
        switch decide(arguments, program: program, seedDefault: seed) {
        case .exit(let stdout, let stderr, let code):
            if !stdout.isEmpty { StandardOutput.write(stdout) }
            if !stderr.isEmpty { StandardError.write(stderr) }
            Faultline.exit(withError: ExitCode(code))
        case .serve(let serve):
            Faultline.main(serve)
            Faultline.exit(withError: ExitCode.success)
        }
    }
}

/// `faultline toxiproxy-server …` in the command list; `Faultline.main` handles it before ArgumentParser would, since
/// Go's `-flag=value` spellings are not ArgumentParser's.
struct ToxiproxyServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toxiproxy-server",
        abstract: "Run as Toxiproxy's toxiproxy-server: its flags (-host, -port, -config, -seed, …) in Go's spellings.",
        discussion: "Also entered when the binary is invoked through a link named toxiproxy-server.")

    @Argument(parsing: .allUnrecognized, help: "Toxiproxy's flags, e.g. -host=0.0.0.0 -config proxies.json")
    var flags: [String] = []

    func run() throws {
        ToxiproxyServer.main(flags, program: "toxiproxy-server")
    }
}
