/// `faultline serve`'s TLS options: where the auto CA lives, the handshake timeout, and HTTPS for the admin API.
import ArgumentParser
import FaultlinePosix
import FaultlineServer

struct ServeTLSOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Directory for Faultline's state: the auto CA of \"auto\": true TLS listeners (<dir>/tls/ca.pem).",
        discussion: "Default: $XDG_STATE_HOME/faultline, else ~/.local/state/faultline. Made on first use (0700).",
        valueName: "dir"))
    var stateDir: String?

    @Option(help: ArgumentHelp(
        "How long a TLS handshake may take before the connection is closed (plus a tls_handshake fault's hold).",
        valueName: "duration"))
    var tlsHandshakeTimeout: DurationArgument = DurationArgument(.seconds(10))

    @Option(help: ArgumentHelp("Serve the admin API over HTTPS with this certificate (PEM).", valueName: "file"))
    var adminTLSCert: String?

    @Option(help: ArgumentHelp("The private key of --admin-tls-cert (PEM).", valueName: "file"))
    var adminTLSKey: String?

    func validate() throws {
        if (adminTLSCert == nil) != (adminTLSKey == nil) {
            throw ValidationError("--admin-tls-cert and --admin-tls-key go together")
        }
        if tlsHandshakeTimeout.duration <= .zero { throw ValidationError("--tls-handshake-timeout must be positive") }
    }

    /// `--state-dir`, else the XDG state directory, else none (no home: the CA lives in memory only).
    var stateDirectory: String? {
        if let stateDir { return stateDir }
        if let state = Environment.value("XDG_STATE_HOME"), !state.isEmpty { return state + "/faultline" }
        if let home = Environment.value("HOME"), !home.isEmpty { return home + "/.local/state/faultline" }
        return nil
    }

    func apply(to config: inout ServerConfig) {
        config.stateDirectory = stateDirectory
        config.tlsHandshakeTimeout = tlsHandshakeTimeout.duration
        if let adminTLSCert, let adminTLSKey {
            config.adminTLS = AdminTLSFiles(certificate: adminTLSCert, key: adminTLSKey)
        }
    }
}
