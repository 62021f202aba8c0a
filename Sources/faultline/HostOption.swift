/// toxiproxy-cli's global spelling `faultline -h host:port list`: the option is moved after the command name,
/// where ArgumentParser reads it (as `faultline list -h host:port`).
import ArgumentParser

enum HostOption {
    /// Moves a leading `--host X`, `-h X` or `--host=X` to the end (before any `--`) when a client command
    /// follows it; every other argument list is returned unchanged, so `faultline -h` still prints help.
    static func hoisted(_ arguments: [String], clientCommands: [any ParsableCommand.Type]) -> [String] {
        let names = Set(
            clientCommands.flatMap { command in
                [command.configuration.commandName].compactMap { $0 } + command.configuration.aliases
            })
        guard let first = arguments.first else { return arguments }
        let taken: Int
        if first.hasPrefix("--host=") || first.hasPrefix("--admin=") {
            taken = 1
        } else if first == "--host" || first == "--admin" || first == "-h" {
            taken = 2
        } else {
            return arguments
        }
        guard arguments.count > taken, names.contains(arguments[taken]) else { return arguments }
        var rest = Array(arguments[taken...])
        let option = Array(arguments[..<taken])
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: option, at: end)
        return rest
    }
}
