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
            ExperimentCommand.self,
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
        main(HostOption.hoisted(Array(CommandLine.arguments.dropFirst()), clientCommands: clientCommands))
    }
}
