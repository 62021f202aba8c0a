/// One proxy as a client describes it (POST /proxies, /populate entries, the config file).
public struct ProxySpec: Equatable, Sendable {
    public var name: String
    /// The listen address as given (`"127.0.0.1:0"`, `"localhost:8080"`, `":8080"`, `""`).
    public var listen: String
    /// `host:port` dialled for every connection; never validated at creation (Toxiproxy accepts anything).
    public var upstream: String
    public var enabled: Bool
    /// Toxics installed with the proxy (config file and /populate only; Faultline's addition).
    public var toxics: [ToxicSpec]

    public init(name: String, listen: String, upstream: String, enabled: Bool = true, toxics: [ToxicSpec] = []) {
        self.name = name
        self.listen = listen
        self.upstream = upstream
        self.enabled = enabled
        self.toxics = toxics
    }
}
