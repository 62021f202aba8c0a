/// `faultline toxic remove <proxy> -n <name>` (delete, r, d): take a toxic off a proxy.
import ArgumentParser
import FaultlineClient
import FaultlinePosix

struct ToxicDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a toxic.",
        helpNames: ClientOptions.helpNames,
        aliases: ["delete", "r", "d"])

    @OptionGroup var connection: ClientOptions

    @Option(name: [.customLong("toxicName"), .customShort("n")], help: "Name of the toxic.")
    var toxicName: String

    @Argument(help: "Name of the proxy.")
    var proxy: String

    func run() throws {
        let activity = ExitMapping.Activity.removeToxic(toxicName, proxy: proxy)
        let client = try connection.client(for: activity)
        try ExitMapping.attempt(activity) { () throws(ClientError) in
            try client.removeToxic(named: toxicName, from: proxy)
        }
        StandardOutput.write(Render.standard.removedToxic(toxicName, on: proxy))
    }
}
