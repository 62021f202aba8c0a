/// A probe of the steady state: what it samples (tcp, http or command) and its fixed-rate schedule.

/// One named probe; samples start at t0 + phase + k·every, and a tick that finds the last sample running is skipped.
public struct ProbeSpec: Equatable, Sendable {
    public var name: String
    public var kind: ProbeKind
    public var every: Duration
    /// The sample is aborted (outcome `timeout`) after this long; its latency then counts as exactly this.
    public var timeout: Duration
    /// A successful sample slower than this has outcome `slow` (a failure); nil means no such limit.
    public var maxLatency: Duration?

    public init(
        name: String, kind: ProbeKind, every: Duration = .seconds(1), timeout: Duration = .seconds(2),
        maxLatency: Duration? = nil
    ) {
        self.name = name
        self.kind = kind
        self.every = every
        self.timeout = timeout
        self.maxLatency = maxLatency
    }
}

/// The three kinds of sample the runner knows how to take.
public enum ProbeKind: Equatable, Sendable {
    case tcp(TCPProbe)
    case http(HTTPProbe)
    case command(CommandProbe)

    /// `tcp`, `http` or `command`.
    public var name: String {
        switch self {
        case .tcp: "tcp"
        case .http: "http"
        case .command: "command"
        }
    }
}

/// `tcp`: success when `connect()` to the address completes; the latency is the connect time.
public struct TCPProbe: Equatable, Sendable {
    /// As written (`127.0.0.1:26379`, `[::1]:80`, `localhost:8080`).
    public var address: String
    /// The host without IPv6 brackets.
    public var host: String
    public var port: UInt16

    public init(address: String, host: String, port: UInt16) {
        self.address = address
        self.host = host
        self.port = port
    }
}

/// `http`: one HTTP/1.1 request per new connection; latency runs from the connect to the last response byte.
public struct HTTPProbe: Equatable, Sendable {
    public var url: String
    public var host: String
    public var port: UInt16
    /// The request target: path and query, `/` when the URL has none.
    public var target: String
    public var method: String
    /// In file order.
    public var headers: [HTTPProbeHeader]
    /// Any match is a success.
    public var status: [StatusRange]
    public var bodyContains: String?

    public init(
        url: String, host: String, port: UInt16, target: String, method: String = "GET",
        headers: [HTTPProbeHeader] = [], status: [StatusRange] = [StatusRange(200, 299)], bodyContains: String? = nil
    ) {
        self.url = url
        self.host = host
        self.port = port
        self.target = target
        self.method = method
        self.headers = headers
        self.status = status
        self.bodyContains = bodyContains
    }

    /// True when `code` satisfies one of the `status` entries.
    public func accepts(status code: Int) -> Bool { status.contains { $0.contains(code) } }
}

/// One request header of an http probe.
public struct HTTPProbeHeader: Equatable, Sendable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An inclusive range of status codes: `204` is 204…204, `"2xx"` is 200…299, `"200-399"` is itself.
public struct StatusRange: Equatable, Sendable {
    public var lower: Int
    public var upper: Int

    public init(_ lower: Int, _ upper: Int) {
        self.lower = lower
        self.upper = upper
    }

    public func contains(_ code: Int) -> Bool { code >= lower && code <= upper }
}

/// `command`: run `argv` directly (no shell); success is the expected exit status (and stdout text if given).
public struct CommandProbe: Equatable, Sendable {
    public var argv: [String]
    public var expectExit: Int32
    public var stdoutContains: String?

    public init(argv: [String], expectExit: Int32 = 0, stdoutContains: String? = nil) {
        self.argv = argv
        self.expectExit = expectExit
        self.stdoutContains = stdoutContains
    }
}
