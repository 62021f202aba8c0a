/// `ProxyControl` on the real server: table edits applied to listeners and live connections before returning.
import FaultlineAdmin
import FaultlineCore
import FaultlineDNS
import FaultlinePosix

extension Server: ProxyControl {
    public func listProxies() -> [ProxySnapshot] {
        records.keys.sorted(by: Self.byteOrder).compactMap { records[$0]?.snapshot(at: loop.now) }
    }

    public func proxy(named name: String) throws(FaultlineError) -> ProxySnapshot {
        try record(name).snapshot(at: loop.now)
    }

    public func createProxy(_ spec: ProxySpec) throws(FaultlineError) -> ProxySnapshot {
        try Self.validate(spec, index: nil)
        guard records[spec.name] == nil else { throw .proxyAlreadyExists }
        return try install(spec)
    }

    public func updateProxy(named name: String, to update: ProxyUpdate) throws(FaultlineError) -> ProxySnapshot {
        let entry = try record(name)
        if entry.kind == .dns { return try updateDNSProxy(entry, to: update) }
        if entry.kind == .udp { return try updateUDPProxy(entry, to: update) }
        var listenChanged = update.listen != entry.listen
        if listenChanged {
            // Resolve first: a bad address fails the request before anything changes (Go's order).
            let address = try ListenAddress.resolve(update.listen)
            // Since 2.12.0 a listen text that resolves to the bound address does not restart the proxy.
            if entry.enabled, address.port != 0, address.description == entry.listen { listenChanged = false }
        }
        let tlsChange = try tlsUpdate(entry, update.tls, listen: update.listen)
        if listenChanged || update.upstream != entry.upstream || tlsChange != nil {
            stop(entry)
            if listenChanged {
                entry.listen = update.listen
                entry.lastBound = nil
            }
            entry.upstream = update.upstream
            if let tlsChange { entry.tls = tlsChange.tls }
        }
        if update.enabled && !entry.enabled {
            try start(entry)
        } else if !update.enabled && entry.enabled {
            stop(entry)
        }
        return entry.snapshot(at: loop.now)
    }

    public func deleteProxy(named name: String) throws(FaultlineError) {
        let entry = try record(name)
        stop(entry)
        broadcast(.remove(proxy: name))
        records[name] = nil
    }

    public func populate(_ specs: [ProxySpec]) -> PopulateOutcome {
        for (index, spec) in specs.enumerated() {
            do {
                try Self.validate(spec, index: index + 1)
                for toxic in spec.toxics { try checkTTL(toxic.options) }
            } catch {
                return PopulateOutcome(proxies: [], error: error)
            }
        }
        var handled: [ProxySnapshot] = []
        for spec in specs {
            do {
                if let existing = records[spec.name] {
                    if try !differs(existing, from: spec) {
                        handled.append(existing.snapshot(at: loop.now))
                        continue
                    }
                    stop(existing)
                    broadcast(.remove(proxy: spec.name))
                    records[spec.name] = nil
                }
                handled.append(try install(spec))
            } catch {
                return PopulateOutcome(proxies: handled, error: error)
            }
        }
        return PopulateOutcome(proxies: handled, error: nil)
    }

    public func reset() throws(FaultlineError) {
        for name in records.keys.sorted(by: Self.byteOrder) {
            guard let entry = records[name] else { continue }
            if !entry.enabled { try start(entry) }
            for toxic in entry.toxics { try? removeToxic(named: toxic.name, from: name) }
        }
    }

    public func addToxic(_ toxic: ToxicSpec, to proxy: String) throws(FaultlineError) -> ToxicSpec {
        let entry = try record(proxy)
        try ResourceName.check(toxic.name)
        guard !entry.toxics.contains(where: { $0.name == toxic.name }) else { throw .toxicAlreadyExists }
        let now = loop.now
        let stored: ToxicSpec
        switch entry.kind {
        case .dns:
            stored = try stamped(DNSProxyConfig.normalise(toxic), now: now, checked: true)
            try setDNSToxics(entry.toxics + [stored], on: entry)
        case .udp:
            // Datagram toxics only, already checked when decoded (`DatagramToxicKind`).
            guard case .udp(let kind) = toxic.kind else { throw .invalidToxicType }
            try kind.validate()
            stored = try stamped(toxic, now: now, checked: true)
            entry.toxics.append(stored)
            announceUDP(.addToxic(proxy: proxy, stored), on: entry)
        case .tcp:
            // A DNS or datagram toxic type means nothing to a TCP connection (the API never decodes one for a TCP
            // proxy).
            if case .dns = toxic.kind { throw .invalidToxicType }
            if case .udp = toxic.kind { throw .invalidToxicType }
            stored = try stamped(Self.normaliseTCPToxic(toxic), now: now, checked: true)
            try prepareTLSToxic(stored, on: entry.tls)
            entry.toxics.append(stored)
            announce(.addToxic(proxy: proxy, stored))
        }
        armExpiry(stored, on: entry)
        return stored.echoing(at: now)
    }

    public func updateToxic(named name: String, on proxy: String, to toxic: ToxicSpec) throws(FaultlineError)
        -> ToxicSpec
    {
        let entry = try record(proxy)
        guard let index = entry.toxics.firstIndex(where: { $0.name == name }) else { throw .toxicNotFound }
        var updated = entry.toxics[index]
        let previousExpiry = updated.options.expiresAt
        // A DNS toxic keeps its type (its name says it); the API never asks otherwise.
        if entry.kind != .tcp && updated.kind.typeName != toxic.kind.typeName { throw .invalidToxicType }
        let now = loop.now
        updated.kind = toxic.kind
        updated.toxicity = toxic.toxicity
        updated.options = try updatedOptions(updated.options, with: toxic.options, now: now)
        if toxic.seed != nil { updated.seed = toxic.seed }
        switch entry.kind {
        case .dns:
            updated = try DNSProxyConfig.normalise(updated)
            var toxics = entry.toxics
            toxics[index] = updated
            try setDNSToxics(toxics, on: entry)
        case .udp:
            guard case .udp(let kind) = updated.kind else { throw .invalidToxicType }
            try kind.validate()
            entry.toxics[index] = updated
            announceUDP(.updateToxic(proxy: proxy, updated), on: entry)
        case .tcp:
            updated = try Self.normaliseTCPToxic(updated)
            try prepareTLSToxic(updated, on: entry.tls)
            entry.toxics[index] = updated
            announce(.updateToxic(proxy: proxy, updated))
        }
        // A renewed ttl re-arms the timer (the old one would find its expiry gone and do nothing).
        if updated.options.expiresAt != previousExpiry || entry.expiryTimers[name] == nil {
            armExpiry(updated, on: entry)
        }
        return updated.echoing(at: now)
    }

    public func removeToxic(named name: String, from proxy: String) throws(FaultlineError) {
        let entry = try record(proxy)
        guard let index = entry.toxics.firstIndex(where: { $0.name == name }) else { throw .toxicNotFound }
        disarmExpiry(named: name, on: entry)
        if entry.kind == .dns {
            var toxics = entry.toxics
            toxics.remove(at: index)
            return try setDNSToxics(toxics, on: entry)
        }
        let toxic = entry.toxics.remove(at: index)
        if entry.kind == .udp { return announceUDP(.removeToxic(proxy: proxy, name: name), on: entry) }
        announce(.removeToxic(proxy: proxy, toxic))
    }

    // MARK: Helpers

    func record(_ name: String) throws(FaultlineError) -> ProxyRecord {
        guard let record = records[name] else { throw .proxyNotFound }
        return record
    }

    /// Creates a proxy, installs its toxics and starts it if enabled; nothing is kept when starting fails.
    private func install(_ spec: ProxySpec) throws(FaultlineError) -> ProxySnapshot {
        let record = try makeRecord(spec)
        if spec.enabled { try start(record) }
        records[spec.name] = record
        armExpiries(record)
        return record.snapshot(at: loop.now)
    }

    /// A new, stopped record for `spec`, its kind-specific settings validated and normalised, its toxics stamped
    /// with their creation (and expiry) at this instant.
    func makeRecord(_ spec: ProxySpec) throws(FaultlineError) -> ProxyRecord {
        var stamped = spec
        let now = loop.now
        stamped.toxics = try spec.toxics.map { toxic throws(FaultlineError) in
            try self.stamped(toxic, now: now, checked: false)
        }
        return try makeStampedRecord(stamped)
    }

    /// The record of a stamped spec: a TCP proxy's TLS context built and its `tls_*` toxics prepared on it.
    private func makeStampedRecord(_ spec: ProxySpec) throws(FaultlineError) -> ProxyRecord {
        if spec.kind == .udp { return ProxyRecord(spec: spec, udpSettings: try Self.prepareUDP(spec)) }
        guard spec.kind == .dns else {
            let record = ProxyRecord(spec: try Self.normaliseTCPToxics(spec))
            record.tls = try makeProxyTLS(spec.tls, listen: spec.listen)
            for toxic in record.toxics { try prepareTLSToxic(toxic, on: record.tls) }
            return record
        }
        let prepared = try DNSProxyConfig.prepare(spec)
        var normalised = spec
        normalised.toxics = prepared.toxics
        return ProxyRecord(spec: normalised, dnsSpec: prepared.dns)
    }

    /// Toxiproxy's "differs": another upstream text, or a stored listen that is not the new one resolved.
    func differs(_ entry: ProxyRecord, from spec: ProxySpec) throws(FaultlineError) -> Bool {
        if entry.upstream != spec.upstream || entry.kind != spec.kind { return true }
        if spec.kind == .dns, try DNSSpec(json: spec.dns) != entry.dnsSpec { return true }
        if spec.kind == .udp, try UDPProxySettings(json: spec.udp) != entry.udpSettings { return true }
        if spec.kind == .tcp, try spec.tls.map({ json throws(FaultlineError) in try TLSProxySettings(json: json) })
            != entry.tls?.settings
        {
            return true
        }
        if !entry.enabled && entry.listen == spec.listen { return true }
        let address = try ListenAddress.resolve(spec.listen)
        return address.port == 0 || address.description != entry.listen
    }

    /// Required fields and unique toxic names, and a DNS proxy's block, upstream and toxics; `index` (1-based)
    /// names the populate entry.
    static func validate(_ spec: ProxySpec, index: Int?) throws(FaultlineError) {
        let required = spec.requiresUpstream ? ["name", "upstream"] : ["name"]
        for field in required where (field == "name" ? spec.name : spec.upstream).isEmpty {
            if let index { throw .missingFieldAtProxy(field: field, index: index) }
            throw .missingField(field)
        }
        try ResourceName.check(spec.name, field: index.map { "name at proxy \($0)" } ?? "name")
        for toxic in spec.toxics {
            try ResourceName.check(toxic.name, field: index.map { "toxic name at proxy \($0)" } ?? "toxic name")
        }
        var names = Set<String>()
        for toxic in spec.toxics where !names.insert(toxic.name).inserted { throw .toxicAlreadyExists }
        do {
            switch spec.kind {
            case .dns: _ = try DNSProxyConfig.prepare(spec)
            case .udp: _ = try prepareUDP(spec)
            case .tcp:
                _ = try normaliseTCPToxics(spec)
                try validateTLS(spec)
            }
        } catch {
            // /populate names the entry, as Toxiproxy does for missing fields.
            guard let index, case .invalidValue(let field, let reason) = error else { throw error }
            throw .invalidValue(field: "\(field) at proxy \(index)", reason: reason)
        }
    }

    /// Go sorts map keys by bytes, not by Unicode-aware string comparison.
    static func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
