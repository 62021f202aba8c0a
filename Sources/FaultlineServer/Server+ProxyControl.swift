/// `ProxyControl` on the real server: table edits applied to listeners and live connections before returning.
import FaultlineAdmin
import FaultlineCore
import FaultlinePosix

extension Server: ProxyControl {
    public func listProxies() -> [ProxySnapshot] {
        runtimes.keys.sorted(by: Self.byteOrder).compactMap { runtimes[$0]?.snapshot() }
    }

    public func proxy(named name: String) throws(FaultlineError) -> ProxySnapshot {
        try runtime(name).snapshot()
    }

    public func createProxy(_ spec: ProxySpec) throws(FaultlineError) -> ProxySnapshot {
        try Self.validate(spec, index: nil)
        guard runtimes[spec.name] == nil else { throw .proxyAlreadyExists }
        return try install(spec)
    }

    public func updateProxy(named name: String, to update: ProxyUpdate) throws(FaultlineError) -> ProxySnapshot {
        let runtime = try runtime(name)
        var listenChanged = update.listen != runtime.listen
        if listenChanged {
            // Resolve first: a bad address fails the request before anything changes (Go's order).
            let address = try ListenAddress.resolve(update.listen)
            // Since 2.12.0 a listen text that resolves to the bound address does not restart the proxy.
            if runtime.enabled, address.port != 0, address.description == runtime.listen { listenChanged = false }
        }
        if listenChanged || update.upstream != runtime.upstream {
            runtime.stop()
            runtime.reconfigure(listen: listenChanged ? update.listen : runtime.listen, upstream: update.upstream)
        }
        if update.enabled && !runtime.enabled {
            try runtime.start()
        } else if !update.enabled && runtime.enabled {
            runtime.stop()
        }
        return runtime.snapshot()
    }

    public func deleteProxy(named name: String) throws(FaultlineError) {
        let runtime = try runtime(name)
        runtime.stop()
        runtimes[name] = nil
    }

    public func populate(_ specs: [ProxySpec]) -> PopulateOutcome {
        for (index, spec) in specs.enumerated() {
            do { try Self.validate(spec, index: index + 1) } catch { return PopulateOutcome(proxies: [], error: error) }
        }
        var handled: [ProxySnapshot] = []
        for spec in specs {
            do {
                if let existing = runtimes[spec.name] {
                    if try !differs(existing, from: spec) {
                        handled.append(existing.snapshot())
                        continue
                    }
                    existing.stop()
                    runtimes[spec.name] = nil
                }
                handled.append(try install(spec))
            } catch {
                return PopulateOutcome(proxies: handled, error: error)
            }
        }
        return PopulateOutcome(proxies: handled, error: nil)
    }

    public func reset() throws(FaultlineError) {
        for name in runtimes.keys.sorted(by: Self.byteOrder) {
            guard let runtime = runtimes[name] else { continue }
            if !runtime.enabled { try runtime.start() }
            for toxic in runtime.toxics { try? removeToxic(named: toxic.name, from: name) }
        }
    }

    public func addToxic(_ toxic: ToxicSpec, to proxy: String) throws(FaultlineError) -> ToxicSpec {
        let runtime = try runtime(proxy)
        guard !runtime.toxics.contains(where: { $0.name == toxic.name }) else { throw .toxicAlreadyExists }
        runtime.addToxic(toxic)
        return toxic
    }

    public func updateToxic(named name: String, on proxy: String, to toxic: ToxicSpec) throws(FaultlineError)
        -> ToxicSpec
    {
        let runtime = try runtime(proxy)
        guard let index = runtime.toxics.firstIndex(where: { $0.name == name }) else { throw .toxicNotFound }
        var updated = runtime.toxics[index]
        updated.kind = toxic.kind
        updated.toxicity = toxic.toxicity
        if toxic.seed != nil { updated.seed = toxic.seed }
        runtime.updateToxic(at: index, to: updated)
        return updated
    }

    public func removeToxic(named name: String, from proxy: String) throws(FaultlineError) {
        let runtime = try runtime(proxy)
        guard let index = runtime.toxics.firstIndex(where: { $0.name == name }) else { throw .toxicNotFound }
        runtime.removeToxic(at: index)
    }

    public func metrics() -> MetricsSnapshot? {
        guard config.proxyMetrics || config.runtimeMetrics else { return nil }
        let proxies = listProxies().compactMap { snapshot -> MetricsSnapshot.Proxy? in
            guard let runtime = runtimes[snapshot.name] else { return nil }
            let counters = runtime.counters
            return MetricsSnapshot.Proxy(
                name: runtime.name, listener: runtime.listen, upstream: runtime.upstream,
                received: [.upstream: counters.received.upstream, .downstream: counters.received.downstream],
                sent: [.upstream: counters.sent.upstream, .downstream: counters.sent.downstream],
                activeConnections: runtime.connections.count, toxicApplied: counters.toxicApplied)
        }
        let process = ProcessStats.read()
        return MetricsSnapshot(
            proxyMetrics: config.proxyMetrics, runtimeMetrics: config.runtimeMetrics, proxies: proxies,
            residentBytes: process.residentBytes, openDescriptors: process.openDescriptors,
            startTimeSeconds: process.startTimeSeconds)
    }

    // MARK: Helpers

    func runtime(_ name: String) throws(FaultlineError) -> ProxyRuntime {
        guard let runtime = runtimes[name] else { throw .proxyNotFound }
        return runtime
    }

    /// Creates a runtime, installs its toxics and starts it if enabled; nothing is kept when starting fails.
    private func install(_ spec: ProxySpec) throws(FaultlineError) -> ProxySnapshot {
        let runtime = ProxyRuntime(spec: spec, context: context)
        runtime.toxics = spec.toxics
        if spec.enabled { try runtime.start() }
        runtimes[spec.name] = runtime
        return runtime.snapshot()
    }

    /// Toxiproxy's "differs": another upstream text, or a stored listen that is not the new one resolved.
    private func differs(_ runtime: ProxyRuntime, from spec: ProxySpec) throws(FaultlineError) -> Bool {
        if runtime.upstream != spec.upstream { return true }
        if !runtime.enabled && runtime.listen == spec.listen { return true }
        let address = try ListenAddress.resolve(spec.listen)
        return address.port == 0 || address.description != runtime.listen
    }

    /// Required fields and unique toxic names; `index` (1-based) names the populate entry.
    static func validate(_ spec: ProxySpec, index: Int?) throws(FaultlineError) {
        for field in ["name", "upstream"] where (field == "name" ? spec.name : spec.upstream).isEmpty {
            if let index { throw .missingFieldAtProxy(field: field, index: index) }
            throw .missingField(field)
        }
        var names = Set<String>()
        for toxic in spec.toxics where !names.insert(toxic.name).inserted { throw .toxicAlreadyExists }
    }

    /// Go sorts map keys by bytes, not by Unicode-aware string comparison.
    static func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
