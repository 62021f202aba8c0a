/// A plain in-memory proxy table behind the admin API, so the HTTP target can send parsed requests all the way.
import FaultlineAdmin
import FaultlineCore

/// Table semantics only (no ports, no listeners): every refusal the API answers comes from the API itself.
final class MemoryControl: ProxyControl {
    private(set) var proxies: [ProxySnapshot] = [
        ProxySnapshot(
            name: "web", listen: "127.0.0.1:18080", upstream: "127.0.0.1:8080", enabled: true,
            toxics: [ToxicSpec(kind: .latency(LatencyAttributes(latency: 100, jitter: 10)))]),
        ProxySnapshot(
            name: "dns", listen: "127.0.0.1:15353", upstream: "", enabled: true, toxics: [], kind: .dns,
            dns: .object([])),
    ]

    func listProxies() -> [ProxySnapshot] { proxies.sorted { $0.name.isBytewiseLess(than: $1.name) } }

    func proxy(named name: String) throws(FaultlineError) -> ProxySnapshot { proxies[try index(of: name)] }

    func createProxy(_ spec: ProxySpec) throws(FaultlineError) -> ProxySnapshot {
        if (try? index(of: spec.name)) != nil { throw .proxyAlreadyExists }
        proxies.append(Self.snapshot(spec))
        return Self.snapshot(spec)
    }

    func updateProxy(named name: String, to update: ProxyUpdate) throws(FaultlineError) -> ProxySnapshot {
        let at = try index(of: name)
        proxies[at].listen = update.listen
        proxies[at].upstream = update.upstream
        proxies[at].enabled = update.enabled
        if let dns = update.dns { proxies[at].dns = dns }
        return proxies[at]
    }

    func deleteProxy(named name: String) throws(FaultlineError) { proxies.remove(at: try index(of: name)) }

    func populate(_ specs: [ProxySpec]) -> PopulateOutcome {
        for spec in specs {
            if let at = try? index(of: spec.name) { proxies.remove(at: at) }
            proxies.append(Self.snapshot(spec))
        }
        return PopulateOutcome(proxies: specs.map(Self.snapshot), error: nil)
    }

    func reset() throws(FaultlineError) {
        for at in proxies.indices {
            proxies[at].enabled = true
            proxies[at].toxics = []
        }
    }

    func addToxic(_ toxic: ToxicSpec, to proxy: String) throws(FaultlineError) -> ToxicSpec {
        let at = try index(of: proxy)
        if proxies[at].toxics.contains(where: { $0.name.isBytewiseEqual(to: toxic.name) }) {
            throw .toxicAlreadyExists
        }
        proxies[at].toxics.append(toxic)
        return toxic
    }

    func updateToxic(named name: String, on proxy: String, to toxic: ToxicSpec) throws(FaultlineError) -> ToxicSpec {
        let at = try index(of: proxy)
        guard let slot = proxies[at].toxics.firstIndex(where: { $0.name.isBytewiseEqual(to: name) }) else {
            throw .toxicNotFound
        }
        proxies[at].toxics[slot] = toxic
        return toxic
    }

    func removeToxic(named name: String, from proxy: String) throws(FaultlineError) {
        let at = try index(of: proxy)
        guard let slot = proxies[at].toxics.firstIndex(where: { $0.name.isBytewiseEqual(to: name) }) else {
            throw .toxicNotFound
        }
        proxies[at].toxics.remove(at: slot)
    }

    func metrics() -> MetricsSnapshot? { nil }

    private func index(of name: String) throws(FaultlineError) -> Int {
        guard let at = proxies.firstIndex(where: { $0.name.isBytewiseEqual(to: name) }) else { throw .proxyNotFound }
        return at
    }

    private static func snapshot(_ spec: ProxySpec) -> ProxySnapshot {
        ProxySnapshot(
            name: spec.name, listen: spec.listen, upstream: spec.upstream, enabled: spec.enabled, toxics: spec.toxics,
            kind: spec.kind, dns: spec.dns)
    }
}
