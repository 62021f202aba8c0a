/// A proxy as the API reports it: the bound listen address, its state and its toxics in wire order.
public struct ProxySnapshot: Equatable, Sendable {
    public var name: String
    /// The bound address once started (`127.0.0.1:43393`, `[::]:8080`); the given text if never started.
    public var listen: String
    public var upstream: String
    public var enabled: Bool
    /// Upstream toxics first, then downstream, each group in insertion order.
    public var toxics: [ToxicSpec]
    /// `tcp` proxies are written exactly as Toxiproxy writes them; other kinds add `kind` and their block.
    public var kind: ProxyKind
    /// A DNS proxy's normalised `dns` block (every key, defaults filled in); nil for TCP proxies.
    public var dns: JSONValue?
    /// A UDP proxy's normalised `udp` block (`UDPProxySettings.json`); nil for other kinds.
    public var udp: JSONValue?
    /// A TCP proxy's normalised `tls` block (file paths and settings, never key contents); nil without TLS.
    public var tls: JSONValue?

    public init(
        name: String, listen: String, upstream: String, enabled: Bool, toxics: [ToxicSpec], kind: ProxyKind = .tcp,
        dns: JSONValue? = nil, udp: JSONValue? = nil, tls: JSONValue? = nil
    ) {
        self.name = name
        self.listen = listen
        self.upstream = upstream
        self.enabled = enabled
        self.toxics = toxics
        self.kind = kind
        self.dns = dns
        self.udp = udp
        self.tls = tls
    }
}
