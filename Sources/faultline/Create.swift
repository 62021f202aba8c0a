/// `faultline create <proxy> --listen <addr> --upstream <addr>` (c, new): a new, enabled proxy.
import ArgumentParser
import FaultlineClient
import FaultlineCore
import FaultlinePosix

struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a new proxy.",
        helpNames: ClientOptions.helpNames,
        aliases: ["c", "new"])

    @OptionGroup var connection: ClientOptions

    @Option(
        name: [.customLong("listen"), .customShort("l")], help: "Address to listen on (host:port; port 0 picks one).")
    var listen: String

    @Option(name: [.customLong("upstream"), .customShort("u")], help: "Address to forward connections to (host:port).")
    var upstream: String

    @Argument(help: "Name of the new proxy.")
    var proxy: String

    func run() throws {
        let client = try connection.client(for: .createProxy(proxy))
        let spec = ProxySpec(name: proxy, listen: listen, upstream: upstream)
        try ExitMapping.attempt(.createProxy(proxy)) { () throws(ClientError) in _ = try client.create(spec) }
        StandardOutput.write(Render.standard.created(proxy))
    }
}
