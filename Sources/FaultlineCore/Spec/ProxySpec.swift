/// One proxy as a client describes it (POST /proxies, /populate entries, the config file).
public struct ProxySpec: Equatable, Sendable {
    public var name: String
    /// The listen address as given (`"127.0.0.1:0"`, `"localhost:8080"`, `":8080"`, `""`).
    public var listen: String
    /// `host:port` dialled for every connection; never validated at creation (Toxiproxy accepts anything).
    /// A DNS proxy's upstream resolver is an `IP:port` literal, or `""` for static records only.
    public var upstream: String
    public var enabled: Bool
    /// Toxics installed with the proxy (config file and /populate only; Faultline's addition).
    public var toxics: [ToxicSpec]
    /// `tcp` (the default, Toxiproxy's only kind) or `dns`; fixed when the proxy is created.
    public var kind: ProxyKind
    /// A DNS proxy's `dns` block exactly as given (the server validates it); always nil for a TCP proxy.
    public var dns: JSONValue?
    /// A UDP proxy's `udp` block exactly as given (`UDPProxySettings` validates it); nil for other kinds.
    public var udp: JSONValue?
    /// A TCP proxy's `tls` block exactly as given (the server validates it); nil without TLS, always nil for other
    /// kinds. In an update body, `.null` asks to remove the block (nil keeps it).
    public var tls: JSONValue?

    public init(
        name: String, listen: String, upstream: String, enabled: Bool = true, toxics: [ToxicSpec] = [],
        kind: ProxyKind = .tcp, dns: JSONValue? = nil, udp: JSONValue? = nil,
        tls: JSONValue? = nil
    ) {
        self.name = name
        self.listen = listen
        self.upstream = upstream
        self.enabled = enabled
        self.toxics = toxics
        self.kind = kind
        self.dns = kind == .dns ? dns : nil
        self.udp = kind == .udp ? udp : nil
        self.tls = kind == .tcp ? tls : nil
    }

    /// Whether the proxy can work without an upstream: a DNS listener may answer from its records alone.
    public var requiresUpstream: Bool { kind != .dns }
}
