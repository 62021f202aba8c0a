/// `faultline health [--ready]`: GET /healthz (or /readyz) and exit 0 on 200, the probe an image without curl needs.
import ArgumentParser
import FaultlineClient
import FaultlinePosix

struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check that a Faultline server is alive (GET /healthz) or ready (GET /readyz); exit 0 when it is.",
        discussion: "For exec probes (Kubernetes, Docker HEALTHCHECK) in an image that has no curl.",
        helpNames: ClientOptions.helpNames)

    @OptionGroup var connection: ClientOptions

    @Flag(help: "Ask /readyz: every listener up and not draining.")
    var ready = false

    func run() throws {
        let activity = ExitMapping.Activity.checkHealth
        var client = try connection.client(for: activity)
        // A probe has seconds, not the CLI's 30 s.
        client.transport.connectTimeout = .seconds(2)
        client.transport.responseTimeout = .seconds(2)
        let ready = self.ready
        let answer = try ExitMapping.attempt(activity) { () throws(ClientError) in try client.health(ready: ready) }
        StandardOutput.write(answer.detail + "\n")
        if !answer.healthy { throw ExitCode(ExitMapping.refused) }
    }
}
