/// `--host`/`-h`: where the admin API is, for every client command; `TOXIPROXY_URL`, else toxiproxy-cli's default.
import ArgumentParser
import FaultlineClient
import FaultlinePosix

struct ClientOptions: ParsableArguments {
    // -h is help in ArgumentParser; client commands declare `helpNames: [.long]` to give it to --host, as
    // toxiproxy-cli does (`faultline -h host:port list` also works: Faultline.main moves it after the command).
    @Option(
        name: [.customLong("host"), .customShort("h"), .customLong("admin")],
        help: ArgumentHelp(
            "Admin API to talk to: http://host:port, host:port or unix:///path (default: $TOXIPROXY_URL, else \(Client.defaultURL)).",
            valueName: "url"))
    var host: String?

    @Option(help: ArgumentHelp(
        "File holding the admin API's bearer token (default: $\(Client.tokenVariable)).", valueName: "file"))
    var tokenFile: String?

    /// The help names client commands use, leaving `-h` to `--host`.
    static let helpNames: NameSpecification = [.long]

    /// The URL in force: the flag, else a non-empty `TOXIPROXY_URL`, else the default.
    var url: String {
        host ?? Environment.value("TOXIPROXY_URL").flatMap { $0.isEmpty ? nil : $0 } ?? Client.defaultURL
    }

    /// A client for `url`; a URL that cannot be used is reported as a usage error naming the flag.
    func client(for activity: ExitMapping.Activity) throws(ExitCode) -> Client {
        let url = self.url
        let tokenFile = self.tokenFile
        return try ExitMapping.attempt(activity) { () throws(ClientError) in
            try Client(url: url, token: try tokenFile.map(Client.token(fromFile:)) ?? Client.environmentToken)
        }
    }
}
