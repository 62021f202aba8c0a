/// `faultline inspect <proxy>` (i, ins): one proxy's toxics with their attributes.
import ArgumentParser
import FaultlineClient
import FaultlinePosix

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Inspect a single proxy.",
        helpNames: ClientOptions.helpNames,
        aliases: ["i", "ins"])

    @OptionGroup var connection: ClientOptions

    @Argument(help: "Name of the proxy.")
    var proxy: String

    func run() throws {
        let client = try connection.client(for: .retrieveProxy(proxy))
        let found = try ExitMapping.attempt(.retrieveProxy(proxy)) { () throws(ClientError) in
            try client.proxy(named: proxy)
        }
        StandardOutput.write(Render.standard.proxyDetail(found))
    }
}
