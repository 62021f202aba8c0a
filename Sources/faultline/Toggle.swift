/// `faultline toggle <proxy>` (tog): disable an enabled proxy (its connections close) or enable a disabled one.
import ArgumentParser
import FaultlineClient
import FaultlinePosix

struct Toggle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toggle",
        abstract: "Toggle a proxy between enabled and disabled.",
        helpNames: ClientOptions.helpNames,
        aliases: ["tog"])

    @OptionGroup var connection: ClientOptions

    @Argument(help: "Name of the proxy.")
    var proxy: String

    func run() throws {
        let client = try connection.client(for: .retrieveProxy(proxy))
        let current = try ExitMapping.attempt(.retrieveProxy(proxy)) { () throws(ClientError) in
            try client.proxy(named: proxy)
        }
        let updated = try ExitMapping.attempt(.toggleProxy(proxy)) { () throws(ClientError) in
            try client.update(proxy: proxy, enabled: !current.enabled)
        }
        StandardOutput.write(Render.standard.toggled(updated))
    }
}
