/// `faultline toxic add <proxy> -t <type> [-n name] [-a k=v]… [--tox f] [-u|-d]` (a): install a toxic.
import ArgumentParser
import FaultlineClient
import FaultlineCore
import FaultlinePosix

struct ToxicAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a new toxic.",
        helpNames: ClientOptions.helpNames,
        aliases: ["a"])

    @OptionGroup var connection: ClientOptions

    @Option(name: [.customLong("type"), .customShort("t")], help: "Type of toxic (see `faultline toxic --help`).")
    var type: String

    @Option(name: [.customLong("toxicName"), .customShort("n")], help: "Name of the toxic (default <type>_<stream>).")
    var toxicName: String?

    @Option(
        name: [.customLong("toxicity"), .customLong("tox")],
        help: "Share of connections the toxic applies to, from 0 to 1 (default 1).")
    var toxicity: String?

    @Option(
        name: [.customLong("attribute"), .customShort("a")],
        help: ArgumentHelp("Toxic attribute; repeat for several (numbers are sent as numbers).", valueName: "key=value")
    )
    var attributes: [String] = []

    @Flag(name: [.customLong("upstream"), .customShort("u")], help: "Apply to data from the client to the upstream.")
    var upstream = false

    @Flag(name: [.customLong("downstream"), .customShort("d")], help: "Apply to data from the upstream (default).")
    var downstream = false

    @Argument(help: "Name of the proxy.")
    var proxy: String

    func validate() throws {
        _ = try ExitMapping.check { () throws(FaultlineError) in try request() }
    }

    func run() throws {
        let client = try connection.client(for: .retrieveProxy(proxy))
        let request = try ExitMapping.check { () throws(FaultlineError) in try self.request() }
        _ = try ExitMapping.attempt(.retrieveProxy(proxy)) { () throws(ClientError) in try client.proxy(named: proxy) }
        let added = try ExitMapping.attempt(.addToxic(request.effectiveName, proxy: proxy)) {
            () throws(ClientError) in try client.addToxic(request, to: proxy)
        }
        StandardOutput.write(Render.standard.addedToxic(added, on: proxy))
    }

    /// The request the flags describe; refuses both streams at once, a bad toxicity or a malformed attribute.
    private func request() throws(FaultlineError) -> ToxicRequest {
        if upstream && downstream {
            throw .invalidValue(field: "--upstream/--downstream", reason: "give one of them, not both")
        }
        return ToxicRequest(
            name: toxicName, type: type, stream: upstream ? "upstream" : "downstream",
            toxicity: try AttributeArgument.toxicity(toxicity), attributes: try AttributeArgument.members(attributes))
    }
}
