/// `faultline experiment cleanup`: undo what an interrupted or crashed run left (state files, then any `flx-` toxic).
import ArgumentParser
import FaultlineClient
import FaultlineExperiment
import FaultlinePosix
import FaultlineRunner

struct ExperimentCleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Remove every toxic an experiment added and re-enable every proxy it disabled.",
        discussion: """
            Reads every state file a run left behind (a run deletes its own when it finishes cleanly), undoes what
            each lists, then removes any toxic named flx-… on the admin API. Safe to repeat. Do not run it while an
            experiment is running against the same admin API: it removes that run's toxics too.
            """)

    @Option(help: "Admin API URL (default: $TOXIPROXY_URL, else the URLs the state files name, else the default).")
    var admin: String?

    @Option(help: "Directory of the state files (default: $FAULTLINE_STATE_DIR, else ~/.local/state).")
    var stateDir: String?

    @Option(help: ArgumentHelp(
        "File holding the admin API's bearer token (default: $\(Client.tokenVariable)).", valueName: "file"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("DNS server for a dns:// --admin, as IP:PORT (default: the system resolver).", valueName: "address"))
    var dnsServer: String?

    func run() throws {
        let admin = self.admin ?? Environment.value("TOXIPROXY_URL").flatMap { $0.isEmpty ? nil : $0 }
        let tokenFile = self.tokenFile
        let token = try ExitMapping.attempt(.readToken) { () throws(ClientError) in
            try tokenFile.map(Client.token(fromFile:)) ?? Client.environmentToken
        }
        var server: SocketAddress?
        if let dnsServer {
            guard let parsed = try? HostPort.parse(dnsServer),
                let address = SocketAddress(numericHost: parsed.host, port: parsed.port)
            else { throw ExitMapping.report(.argument(.invalidValue(field: "--dns-server", reason: "expected IP:PORT"))) }
            server = address
        }
        let outcome = ExperimentCleanup.run(
            admin: admin, stateDirectory: stateDir ?? StateStore.defaultDirectory, token: token, dnsServer: server)
        for line in outcome.done { StandardOutput.write(line + "\n") }
        if outcome.done.isEmpty && outcome.failed.isEmpty && outcome.unreachable.isEmpty {
            StandardOutput.write("nothing to clean up\n")
        }
        if !outcome.failed.isEmpty { throw ExitMapping.report(.cleanupIncomplete(outcome.failed)) }
        if let first = outcome.unreachable.first {
            throw ExitMapping.report(.client(first.error, .cleanUpExperiments(admin: first.admin)))
        }
    }
}
