/// The `faultline` executable: the server (`serve`), Toxiproxy-style client commands and `experiment`.
import ArgumentParser
import FaultlineCore
import FaultlinePosix

@main
struct Faultline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faultline",
        abstract: "A Toxiproxy-compatible TCP and DNS fault-injection proxy.",
        version: "faultline \(FaultlineVersion.current) (Toxiproxy API \(FaultlineVersion.toxiproxyAPI))",
        subcommands: [
            Serve.self, List.self, Inspect.self, Create.self, Toggle.self, Delete.self, ToxicCommand.self,
            ExperimentCommand.self, HealthCommand.self, ToxiproxyServerCommand.self,
        ]
    )

    /// The client commands, which take `--host`/`-h`.
    static let clientCommands: [any ParsableCommand.Type] = [
        List.self, Inspect.self, Create.self, Toggle.self, Delete.self, ToxicCommand.self,
    ]

    static func main() {
        // First, before any socket or pipe exists: a peer that vanishes must give EPIPE, never kill the process
        // (splice(2) and writes to stdout/stderr pipes cannot pass MSG_NOSIGNAL).
        SignalFD.ignoreBrokenPipe()
        let program = CommandLine.arguments.first ?? "faultline"
        let arguments = Array(CommandLine.arguments.dropFirst())
        // A drop-in toxiproxy-server: through a link of that name, as a command, or given a Toxiproxy image's flags.
        let base = program.split(separator: "/").last.map(String.init) ?? program
        if ToxiproxyServer.programNames.contains(base) { ToxiproxyServer.main(arguments, program: program) }
        if arguments.first == ToxiproxyServerCommand.configuration.commandName {
            ToxiproxyServer.main(Array(arguments.dropFirst()), program: "toxiproxy-server")
        }
        if ToxiproxyServer.isGoStyle(arguments) { ToxiproxyServer.main(arguments, program: "toxiproxy-server") }
        main(HostOption.hoisted(arguments, clientCommands: clientCommands))
    }
}
