/// `faultline toxic update <proxy> -n <name> [-a k=v]… [--tox f]` (u): change a toxic in place.
import ArgumentParser
import FaultlineClient
import FaultlineCore
import FaultlinePosix

struct ToxicUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Update an existing toxic.",
        helpNames: ClientOptions.helpNames,
        aliases: ["u"])

    @OptionGroup var connection: ClientOptions

    @Option(name: [.customLong("toxicName"), .customShort("n")], help: "Name of the toxic.")
    var toxicName: String

    // Unlike toxiproxy-cli (which then sends 1.0), leaving this out keeps the stored toxicity.
    @Option(
        name: [.customLong("toxicity"), .customLong("tox")],
        help: "New share of connections, from 0 to 1 (default: keep the current one).")
    var toxicity: String?

    @Option(
        name: [.customLong("attribute"), .customShort("a")],
        help: ArgumentHelp("Attribute to change; repeat for several; others keep their values.", valueName: "key=value")
    )
    var attributes: [String] = []

    @Argument(help: "Name of the proxy.")
    var proxy: String

    func validate() throws {
        try ExitMapping.check { () throws(FaultlineError) in
            _ = try AttributeArgument.toxicity(toxicity)
            _ = try AttributeArgument.members(attributes)
        }
    }

    func run() throws {
        let activity = ExitMapping.Activity.updateToxic(toxicName, proxy: proxy)
        let client = try connection.client(for: activity)
        let (members, newToxicity) = try ExitMapping.check { () throws(FaultlineError) in
            (try AttributeArgument.members(attributes), try AttributeArgument.toxicity(toxicity))
        }
        let updated = try ExitMapping.attempt(activity) { () throws(ClientError) in
            try client.updateToxic(named: toxicName, on: proxy, attributes: members, toxicity: newToxicity)
        }
        StandardOutput.write(Render.standard.updatedToxic(updated, on: proxy))
    }
}
