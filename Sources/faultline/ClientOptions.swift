/// `--host`/`-h`: where the admin API is, for every client command; `TOXIPROXY_URL`, else toxiproxy-cli's default.
import ArgumentParser
import FaultlineClient
import FaultlinePosix

struct ClientOptions: ParsableArguments {
    // -h is help in ArgumentParser; client commands declare `helpNames: [.long]` to give it to --host, as
    // toxiproxy-cli does (`faultline -h host:port list` also works: Faultline.main moves it after the command).
    @Option(
        name: [.customLong("host"), .customShort("h")],
        help: ArgumentHelp(
            "Admin API to talk to: http://host:port or host:port (default: $TOXIPROXY_URL, else \(Client.defaultURL)).",
            valueName: "url"))
    var host: String?

    /// The help names client commands use, leaving `-h` to `--host`.
    static let helpNames: NameSpecification = [.long]

    /// The URL in force: the flag, else a non-empty `TOXIPROXY_URL`, else the default.
    var url: String {
        host ?? Environment.value("TOXIPROXY_URL").flatMap { $0.isEmpty ? nil : $0 } ?? Client.defaultURL
    }

    /// A client for `url`; a URL that cannot be used is reported as a usage error naming the flag.
    func client(for activity: ExitMapping.Activity) throws(ExitCode) -> Client {
        let url = self.url
        return try ExitMapping.attempt(activity) { () throws(ClientError) in try Client(url: url) }
    }
}
