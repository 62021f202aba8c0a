/// A proxy as the API reports it: the bound listen address, its state and its toxics in wire order.
public struct ProxySnapshot: Equatable, Sendable {
    public var name: String
    /// The bound address once started (`127.0.0.1:43393`, `[::]:8080`); the given text if never started.
    public var listen: String
    public var upstream: String
    public var enabled: Bool
    /// Upstream toxics first, then downstream, each group in insertion order.
    public var toxics: [ToxicSpec]

    public init(name: String, listen: String, upstream: String, enabled: Bool, toxics: [ToxicSpec]) {
        self.name = name
        self.listen = listen
        self.upstream = upstream
        self.enabled = enabled
        self.toxics = toxics
    }
}
