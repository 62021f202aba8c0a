/// Everything `faultline serve` can tune, as one value handed to the server at start.

import FaultlineAdmin
import FaultlineCore

public struct ServerConfig: Sendable {
    /// Admin API host and port; nil host disables the admin listener (tests that drive `ProxyControl` directly).
    public var adminHost: String?
    public var adminPort: UInt16
    /// Root of every random choice; the same seed and order of connections replays the same rolls.
    public var seed: UInt64
    public var connectTimeout: Duration
    /// Bytes one direction of one connection may hold inside toxics and queues before reading stops.
    public var directionBudget: Int
    /// Bytes the whole process may hold before every connection stops reading.
    public var globalBudget: Int
    /// Bytes a direction without toxics may queue for a slow destination before reading stops.
    public var passthroughWindow: Int
    public var proxyMetrics: Bool
    public var runtimeMetrics: Bool
    /// Take SIGINT/SIGTERM/SIGHUP through a signalfd (the real executable) or leave signals alone (tests).
    public var handleSignals: Bool
    /// How long accept pauses after running out of descriptors.
    public var acceptBackoff: Duration
    /// Data loops (threads); each polls every proxy's one listening socket and owns the connections it accepts.
    /// The admin API, DNS listeners and signals run on a control loop of their own besides these.
    public var threads: Int
    /// Spread connections by accepting on the first data loop and handing each to a loop in turn, instead of every
    /// loop accepting from the shared listener (kept to compare the two).
    public var acceptHandOff = false
    /// How long a loop may dispatch events (then timers) in one tick before it leaves the rest to the next: it bounds
    /// how late a loop sees its mailbox (toxic changes) however much data flows.
    public var tickBudget: Duration = .milliseconds(1)
    /// The nice value the control loop's thread asks for (admin API, DNS, signals); 0 leaves it alone.
    public var controlNice: CInt = -10
    /// Move bytes of directions without toxics with splice(2) (socket → pipe → socket, no user-space copy).
    public var splice: Bool
    /// How early the loop wakes before its next timer to poll the rest of the way (timer precision vs CPU).
    public var timerLead: Duration = .microseconds(500)
    /// Admin HTTP timeouts (Toxiproxy's Go http.Server: read 15 s, idle 60 s, write 30 s); tests shorten them.
    public var adminTimeouts: AdminTimeouts
    /// How long the loop keeps polling after activity before it sleeps (lower latency, more CPU).
    public var busyPoll: Duration
    /// Serve the dashboard on the admin port (`/ui`, with its token); off: those routes answer 404.
    public var dashboard = true
    /// `--admin-socket`: the admin API on a Unix socket as well (alone when `adminHost` is nil).
    public var adminSocket: AdminSocket?
    /// Who may use the admin API (`--admin-token-file`, `--read-only`, `--admin-allow`); all off by default.
    public var adminGate = AdminGate()
    /// On SIGTERM, how long live connections may take to finish once the listeners are closed; zero closes them at
    /// once (Toxiproxy's behaviour).
    public var drainTimeout: Duration = .zero
    /// Re-apply the config file whenever it changes on disk (`--watch-config`), as SIGHUP does.
    public var watchConfig = false
    /// How long a TLS handshake may take (plus a `tls_handshake` fault's hold) before the connection is closed.
    public var tlsHandshakeTimeout: Duration = .seconds(10)
    /// Where the auto CA of `"auto": true` listeners lives (`<dir>/tls/ca.pem`); nil keeps it in memory only
    /// (programs that embed the server, tests). `faultline serve` always gives one (`--state-dir`).
    public var stateDirectory: String?
    /// The admin API's own certificate and key (`--admin-tls-cert`, `--admin-tls-key`): HTTPS instead of HTTP.
    public var adminTLS: AdminTLSFiles?
    /// `--max-toxic-ttl` in milliseconds: every toxic the admin API creates must carry a `ttl`, at most this long.
    public var maxToxicTTL: Int64?

    public init(
        adminHost: String? = "localhost", adminPort: UInt16 = 8474, seed: UInt64 = 0,
        connectTimeout: Duration = .seconds(10), directionBudget: Int = 16 << 20, globalBudget: Int = 1 << 30,
        passthroughWindow: Int = 256 << 10, proxyMetrics: Bool = false, runtimeMetrics: Bool = false,
        handleSignals: Bool = false, acceptBackoff: Duration = .milliseconds(100), busyPoll: Duration = .zero,
        adminTimeouts: AdminTimeouts = AdminTimeouts(), splice: Bool = true, threads: Int = 1
    ) {
        self.adminHost = adminHost
        self.adminPort = adminPort
        self.seed = seed
        self.connectTimeout = connectTimeout
        self.directionBudget = directionBudget
        self.globalBudget = globalBudget
        self.passthroughWindow = passthroughWindow
        self.proxyMetrics = proxyMetrics
        self.runtimeMetrics = runtimeMetrics
        self.handleSignals = handleSignals
        self.acceptBackoff = acceptBackoff
        self.busyPoll = busyPoll
        self.adminTimeouts = adminTimeouts
        self.splice = splice
        self.threads = threads
    }
}

/// How long an admin connection may take to send a request, sit idle, or leave a response unread.
public struct AdminTimeouts: Sendable {
    public var read: Duration
    public var idle: Duration
    public var write: Duration

    public init(read: Duration = .seconds(15), idle: Duration = .seconds(60), write: Duration = .seconds(30)) {
        self.read = read
        self.idle = idle
        self.write = write
    }
}

/// Where and how the admin API's Unix socket is made.
public struct AdminSocket: Sendable, Equatable {
    public var path: String
    /// 0600, or 0660 when a group may use it too.
    public var mode: UInt32
    public var group: UInt32?

    public init(path: String, group: UInt32? = nil) {
        self.path = path
        self.group = group
        mode = group == nil ? 0o600 : 0o660
    }
}

/// The PEM files of the admin API's TLS listener.
public struct AdminTLSFiles: Sendable, Equatable {
    public var certificate: String
    public var key: String

    public init(certificate: String, key: String) {
        self.certificate = certificate
        self.key = key
    }
}
