/// The seam between the admin API and the server: everything a request may ask of the proxy table.
///
/// `Server` implements it on its loop; `FakeProxyControl` implements it in tests. Every method runs on the
/// loop that owns the table, so implementations need no locks. Changes take effect on live connections
/// before the method returns.
import FaultlineCore

public protocol ProxyControl: AnyObject {
    /// Every proxy, sorted by name (byte order).
    func listProxies() -> [ProxySnapshot]
    func proxy(named name: String) throws(FaultlineError) -> ProxySnapshot
    /// Creates and (if enabled) starts a proxy. Errors: `.missingField`, `.proxyAlreadyExists`, `.listenFailed`,
    /// `.invalidAddress`. The toxics in `spec` are installed too.
    func createProxy(_ spec: ProxySpec) throws(FaultlineError) -> ProxySnapshot
    /// Applies complete new values (the caller has merged the request over the current ones).
    func updateProxy(named name: String, to update: ProxyUpdate) throws(FaultlineError) -> ProxySnapshot
    /// Stops the listener, closes every live connection and forgets the proxy.
    func deleteProxy(named name: String) throws(FaultlineError)
    /// Toxiproxy's /populate: validate all, then add or replace one at a time; the first error stops.
    func populate(_ specs: [ProxySpec]) -> PopulateOutcome
    /// Re-enables every proxy and removes every toxic.
    func reset() throws(FaultlineError)
    /// Adds a toxic to the proxy and to every live connection. Errors: `.proxyNotFound`, `.toxicAlreadyExists`.
    func addToxic(_ toxic: ToxicSpec, to proxy: String) throws(FaultlineError) -> ToxicSpec
    /// Replaces a toxic's attributes and toxicity (name, type and stream never change).
    func updateToxic(named name: String, on proxy: String, to toxic: ToxicSpec) throws(FaultlineError) -> ToxicSpec
    /// Removes a toxic from the proxy and from every live connection (flushing held bytes).
    func removeToxic(named name: String, from proxy: String) throws(FaultlineError)
    /// Counters for /metrics; nil when metrics are disabled (the route then answers 404).
    func metrics() -> MetricsSnapshot?
    /// Every toxic type the server accepts, for `GET /toxic-types` (default: Core's TCP types).
    func toxicTypes() -> [ToxicTypeDescription]
    /// The dashboard's counters: the latest sample, returned at once (never waits on the data loops); nil when none.
    func trafficSample() -> TrafficSample?
}

/// The fields a proxy update may change, already merged over the current values.
public struct ProxyUpdate: Equatable, Sendable {
    public var listen: String
    public var upstream: String
    public var enabled: Bool
    /// A DNS proxy's new `dns` block as given (replacing the whole block); nil keeps the current one.
    public var dns: JSONValue?
    /// A UDP proxy's new `udp` block as given (replacing the whole block); nil keeps the current one.
    public var udp: JSONValue?
    /// A TCP proxy's new `tls` block as given (replacing the whole block); `.null` removes it; nil keeps it.
    public var tls: JSONValue?

    public init(
        listen: String, upstream: String, enabled: Bool, dns: JSONValue? = nil, udp: JSONValue? = nil,
        tls: JSONValue? = nil
    ) {
        self.listen = listen
        self.upstream = upstream
        self.enabled = enabled
        self.dns = dns
        self.udp = udp
        self.tls = tls
    }
}

/// What /populate did: the proxies handled before the first error (in request order), and that error.
public struct PopulateOutcome: Equatable, Sendable {
    public var proxies: [ProxySnapshot]
    public var error: FaultlineError?

    public init(proxies: [ProxySnapshot], error: FaultlineError?) {
        self.proxies = proxies
        self.error = error
    }
}
