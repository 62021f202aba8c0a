/// `faultline list` (l, li, ls): every proxy with its listen and upstream addresses, state and toxic count.
import ArgumentParser
import FaultlineClient
import FaultlinePosix

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List all proxies.",
        helpNames: ClientOptions.helpNames,
        aliases: ["l", "li", "ls"])

    @OptionGroup var connection: ClientOptions

    func run() throws {
        let client = try connection.client(for: .listProxies)
        let proxies = try ExitMapping.attempt(.listProxies) { () throws(ClientError) in try client.proxies() }
        StandardOutput.write(Render.standard.proxyList(proxies))
    }
}
