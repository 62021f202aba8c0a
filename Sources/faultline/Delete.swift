/// `faultline delete <proxy>` (d): remove a proxy; its listener and live connections close.
import ArgumentParser
import FaultlineClient
import FaultlinePosix

struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a proxy.",
        helpNames: ClientOptions.helpNames,
        aliases: ["d"])

    @OptionGroup var connection: ClientOptions

    @Argument(help: "Name of the proxy.")
    var proxy: String

    func run() throws {
        let client = try connection.client(for: .retrieveProxy(proxy))
        // toxiproxy-cli looks the proxy up first, so a missing one reads "Failed to retrieve proxy …".
        _ = try ExitMapping.attempt(.retrieveProxy(proxy)) { () throws(ClientError) in try client.proxy(named: proxy) }
        try ExitMapping.attempt(.deleteProxy(proxy)) { () throws(ClientError) in try client.delete(proxy: proxy) }
        StandardOutput.write(Render.standard.deleted(proxy))
    }
}
