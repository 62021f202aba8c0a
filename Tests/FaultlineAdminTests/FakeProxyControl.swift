/// An in-memory `ProxyControl` with Toxiproxy 2.12.0's table semantics, binding simulated by a port table.
import FaultlineAdmin
import FaultlineCore

final class FakeProxyControl: ProxyControl {
    /// One proxy; `generation` changes whenever it is recreated or restarted (its connections would drop).
    struct Entry {
        var name: String
        var listen: String
        var upstream: String
        var enabled: Bool
        var toxics: [ToxicSpec]
        var generation: Int
        var kind: ProxyKind = .tcp
        /// A DNS proxy's block as given (the real server normalises it; the fake only keeps it).
        var dns: JSONValue?
        /// The `dns` of the last update, so tests can see what the API passed on.
        var lastUpdateDNS: JSONValue?

        var snapshot: ProxySnapshot {
            ProxySnapshot(
                name: name, listen: listen, upstream: upstream, enabled: enabled, toxics: toxics, kind: kind, dns: dns)
        }
    }

    private(set) var entries: [Entry] = []
    /// Ports another process holds: binding them fails with EADDRINUSE.
    var takenPorts: Set<Int> = []
    var metricsSnapshot: MetricsSnapshot?
    /// What `trafficSample()` returns (the dashboard's counters).
    var traffic: TrafficSample?
    func trafficSample() -> TrafficSample? { traffic }
    private var nextPort = 40_000
    private var generations = 0

    func listProxies() -> [ProxySnapshot] {
        entries.map(\.snapshot).sorted { $0.name.isBytewiseLess(than: $1.name) }
    }

    func proxy(named name: String) throws(FaultlineError) -> ProxySnapshot {
        entries[try index(of: name)].snapshot
    }

    func entry(_ name: String) -> Entry? { entries.first { $0.name.isBytewiseEqual(to: name) } }

    func createProxy(_ spec: ProxySpec) throws(FaultlineError) -> ProxySnapshot {
        if spec.name.isEmpty { throw .missingField("name") }
        if spec.upstream.isEmpty && spec.requiresUpstream { throw .missingField("upstream") }
        if entry(spec.name) != nil { throw .proxyAlreadyExists }
        let created = try make(spec, listenErrorsAsBind: true)
        entries.append(created)
        return created.snapshot
    }

    func updateProxy(named name: String, to update: ProxyUpdate) throws(FaultlineError) -> ProxySnapshot {
        let index = try index(of: name)
        entries[index].lastUpdateDNS = update.dns
        let resolved = try Self.resolve(update.listen)
        // Go's Differs: the stored listen against the resolved new one, and the upstream text.
        if entries[index].listen != resolved.text || entries[index].upstream != update.upstream {
            stop(index)
            entries[index].listen = update.listen
            entries[index].upstream = update.upstream
        }
        if update.enabled != entries[index].enabled {
            if update.enabled {
                try start(index, listenErrorsAsBind: false)
            } else {
                stop(index)
            }
        }
        return entries[index].snapshot
    }

    func deleteProxy(named name: String) throws(FaultlineError) {
        entries.remove(at: try index(of: name))
    }

    func populate(_ specs: [ProxySpec]) -> PopulateOutcome {
        var handled: [ProxySnapshot] = []
        for spec in specs {
            do throws(FaultlineError) {
                if let index = entries.firstIndex(where: { $0.name.isBytewiseEqual(to: spec.name) }) {
                    let resolved = try Self.resolve(spec.listen)
                    if entries[index].listen == resolved.text && entries[index].upstream == spec.upstream {
                        handled.append(entries[index].snapshot)  // identical: untouched, enabled state kept
                        continue
                    }
                    stop(index)
                    let replacement = try make(spec, listenErrorsAsBind: false)
                    entries[index] = replacement
                    handled.append(replacement.snapshot)
                } else {
                    let created = try make(spec, listenErrorsAsBind: false)
                    entries.append(created)
                    handled.append(created.snapshot)
                }
            } catch {
                return PopulateOutcome(proxies: handled, error: error)
            }
        }
        return PopulateOutcome(proxies: handled, error: nil)
    }

    func reset() throws(FaultlineError) {
        for index in entries.indices.sorted(by: { entries[$0].name.isBytewiseLess(than: entries[$1].name) }) {
            if !entries[index].enabled { try start(index, listenErrorsAsBind: true) }
            entries[index].toxics = []
        }
    }

    func addToxic(_ toxic: ToxicSpec, to proxy: String) throws(FaultlineError) -> ToxicSpec {
        let index = try index(of: proxy)
        if entries[index].toxics.contains(where: { $0.name.isBytewiseEqual(to: toxic.name) }) {
            throw .toxicAlreadyExists
        }
        entries[index].toxics = Self.ordered(entries[index].toxics + [toxic])
        return toxic
    }

    func updateToxic(named name: String, on proxy: String, to toxic: ToxicSpec) throws(FaultlineError) -> ToxicSpec {
        let index = try index(of: proxy)
        guard let position = entries[index].toxics.firstIndex(where: { $0.name.isBytewiseEqual(to: name) }) else {
            throw .toxicNotFound
        }
        entries[index].toxics[position].kind = toxic.kind
        entries[index].toxics[position].toxicity = toxic.toxicity
        return entries[index].toxics[position]
    }

    func removeToxic(named name: String, from proxy: String) throws(FaultlineError) {
        let index = try index(of: proxy)
        guard let position = entries[index].toxics.firstIndex(where: { $0.name.isBytewiseEqual(to: name) }) else {
            throw .toxicNotFound
        }
        entries[index].toxics.remove(at: position)
    }

    func metrics() -> MetricsSnapshot? { metricsSnapshot }

    // MARK: - Simulated listeners

    private func index(of name: String) throws(FaultlineError) -> Int {
        guard let index = entries.firstIndex(where: { $0.name.isBytewiseEqual(to: name) }) else {
            throw .proxyNotFound
        }
        return index
    }

    private func make(_ spec: ProxySpec, listenErrorsAsBind: Bool) throws(FaultlineError) -> Entry {
        generations += 1
        var entry = Entry(
            name: spec.name,
            listen: spec.listen,
            upstream: spec.upstream,
            enabled: false,
            toxics: Self.ordered(spec.toxics),
            generation: generations,
            kind: spec.kind,
            dns: spec.dns
        )
        if spec.enabled { entry.listen = try bind(spec.listen, listenErrorsAsBind: listenErrorsAsBind) }
        entry.enabled = spec.enabled
        return entry
    }

    private func start(_ index: Int, listenErrorsAsBind: Bool) throws(FaultlineError) {
        entries[index].listen = try bind(entries[index].listen, listenErrorsAsBind: listenErrorsAsBind)
        entries[index].enabled = true
        generations += 1
        entries[index].generation = generations
    }

    private func stop(_ index: Int) {
        entries[index].enabled = false
        generations += 1
        entries[index].generation = generations
    }

    /// The address a listener would report: `[::]` for wildcards, `127.0.0.1` for localhost, a real port for 0.
    private func bind(_ listen: String, listenErrorsAsBind: Bool) throws(FaultlineError) -> String {
        let resolved: (host: String, port: Int, text: String)
        do throws(FaultlineError) {
            resolved = try Self.resolve(listen)
        } catch {
            // net.Listen words a parse failure as `listen tcp: address …`; ResolveTCPAddr as `address …`.
            if listenErrorsAsBind, case .invalidAddress = error {
                throw .listenFailed(address: "", reason: error.message)
            }
            throw error
        }
        let host = resolved.host.isEmpty || resolved.host == "0.0.0.0" || resolved.host == "::" ? "[::]" : resolved.host
        var port = resolved.port
        if port == 0 {
            nextPort += 1
            port = nextPort
        }
        let address = "\(host):\(port)"
        let inUse =
            takenPorts.contains(port)
            || entries.contains { $0.enabled && $0.listen.hasSuffix(":\(port)") }
        if inUse { throw .listenFailed(address: address, reason: "bind: address already in use") }
        return address
    }

    /// `net.ResolveTCPAddr` for the forms tests use: `host:port`, `:port`, `[v6]:port`.
    static func resolve(_ listen: String) throws(FaultlineError) -> (host: String, port: Int, text: String) {
        if listen.isEmpty { return ("", 0, ":0") }  // Go listens on every address, on a random port
        guard let colon = listen.lastIndex(of: ":") else {
            throw .invalidAddress(address: listen, reason: "missing port in address")
        }
        var host = String(listen[..<colon])
        guard let port = Int(listen[listen.index(after: colon)...]) else {
            throw .invalidAddress(address: listen, reason: "unknown port")
        }
        if host == "localhost" { host = "127.0.0.1" }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let shown = host.contains(":") ? "[\(host)]" : host
        return (host, port, "\(shown):\(port)")
    }

    /// Upstream toxics first, then downstream, each group in insertion order.
    private static func ordered(_ toxics: [ToxicSpec]) -> [ToxicSpec] {
        toxics.filter { $0.stream == .upstream } + toxics.filter { $0.stream == .downstream }
    }
}
