/// A shard's `http_*` toxics: compiled once per change and handed to the connections' HTTP engines.
import FaultlineCore
import FaultlineHTTPFaults

extension ProxyShard {
    /// The stored toxics' `http_*` ones, compiled (the server checked them when they were stored, so none fails).
    static func compileHTTPFaults(_ toxics: [ToxicSpec]) -> [HTTPFaultEntry] {
        toxics.compactMap(compileHTTPFault)
    }

    private static func compileHTTPFault(_ toxic: ToxicSpec) -> HTTPFaultEntry? {
        guard case .http = toxic.kind, let fault = try? HTTPFaultSpec(toxic) else { return nil }
        return HTTPFaultEntry(toxic: toxic, fault: fault)
    }

    /// Live connections install it from their next request (or become HTTP-aware, mid-stream).
    func addHTTPFault(_ toxic: ToxicSpec) {
        guard let entry = Self.compileHTTPFault(toxic) else { return }
        httpFaults.append(entry)
        for connection in connections.values { connection.addHTTPFault(entry) }
    }

    func updateHTTPFault(_ toxic: ToxicSpec) {
        guard let entry = Self.compileHTTPFault(toxic),
            let index = httpFaults.firstIndex(where: { $0.toxic.name == toxic.name })
        else { return }
        httpFaults[index] = entry
        for connection in connections.values { connection.updateHTTPFault(entry) }
    }

    /// The toxic's fault counts leave with it (series of removed toxics must not pile up), after every live engine
    /// handed over what it counted, so none reappears at the next scrape.
    func removeHTTPFault(_ toxic: ToxicSpec) {
        httpFaults.removeAll { $0.toxic.name == toxic.name }
        for connection in connections.values {
            connection.foldHTTPCounters()
            connection.removeHTTPFault(named: toxic.name)
        }
        counters.http.faults = counters.http.faults.filter { $0.key.toxic != toxic.name }
    }
}

extension ToxicKind {
    /// Only `nxdomain` decides at accept time (other kinds that skip links, such as `http_*`, do not).
    var isNXDomain: Bool {
        if case .nxdomain = self { true } else { false }
    }
}
