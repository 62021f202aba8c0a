/// The `kind: "dns"` side of the proxy table: a DNS proxy is one `DNSListener` on the first loop, no shards.
import FaultlineAdmin
import FaultlineCore
import FaultlineDNS
import FaultlinePosix

extension Server {
    /// Binds UDP and TCP on the proxy's address (the previous one when re-enabled) and starts answering.
    func startDNS(_ record: ProxyRecord) throws(FaultlineError) {
        let address: SocketAddress
        if let lastBound = record.lastBound {
            address = lastBound
        } else {
            address = try ListenAddress.resolve(record.listen)
        }
        try startDNS(record, on: try DNSSockets.bind(address, given: record.listen))
    }

    /// Starts answering on sockets already bound (a config reload binds every new address before switching).
    func startDNS(_ record: ProxyRecord, on sockets: consuming DNSSockets) throws(FaultlineError) {
        let config = try dnsConfig(record)
        let listener = try DNSListener(name: record.name, sockets: sockets, config: config, context: context)
        record.dnsListener = listener
        record.lastBound = listener.address
        record.listen = listener.address.description
        record.enabled = true
        logger.info(
            "dns listener started",
            metadata: [
                "proxy": "\(record.name)", "listen": "\(record.listen)",
                "upstream": "\(record.upstream.isEmpty ? "(static records only)" : record.upstream)",
            ])
    }

    /// Closes the sockets; queries in flight get no answer, like a resolver going down.
    func stopDNS(_ record: ProxyRecord) {
        record.dnsListener?.close()
        record.dnsListener = nil
        if record.enabled { logger.info("dns listener stopped", metadata: ["proxy": "\(record.name)"]) }
        record.enabled = false
    }

    /// The record's current settings compiled, with any of them replaced by a proposed value (checked, not kept).
    func dnsConfig(
        _ record: ProxyRecord, spec: DNSSpec? = nil, upstream: String? = nil, toxics: [ToxicSpec]? = nil
    ) throws(FaultlineError) -> DNSProxyConfig {
        try DNSProxyConfig(
            spec: spec ?? record.dnsSpec ?? DNSSpec(), upstream: upstream ?? record.upstream,
            toxics: toxics ?? record.toxics)
    }

    /// A DNS proxy's update: everything is checked before anything changes (a 400 leaves the proxy as it was).
    /// A new listen address or upstream restarts the listener, as for TCP proxies; a new `dns` block applies to
    /// the next query without dropping anything.
    func updateDNSProxy(_ entry: ProxyRecord, to update: ProxyUpdate) throws(FaultlineError) -> ProxySnapshot {
        let spec = try update.dns.map { value throws(FaultlineError) in try DNSSpec(json: value) } ?? entry.dnsSpec
        let config = try dnsConfig(entry, spec: spec, upstream: update.upstream)
        var listenChanged = update.listen != entry.listen
        if listenChanged {
            let address = try ListenAddress.resolve(update.listen)
            if entry.enabled, address.port != 0, address.description == entry.listen { listenChanged = false }
        }
        entry.dnsSpec = spec
        if listenChanged || update.upstream != entry.upstream {
            stopDNS(entry)
            if listenChanged {
                entry.listen = update.listen
                entry.lastBound = nil
            }
            entry.upstream = update.upstream
        }
        entry.dnsListener?.update(config)
        if update.enabled && !entry.enabled {
            try startDNS(entry)
        } else if !update.enabled && entry.enabled {
            stopDNS(entry)
        }
        return entry.snapshot(at: loop.now)
    }

    /// Replaces the proxy's toxics after checking the whole set compiles; the listener uses them from the next query.
    func setDNSToxics(_ toxics: [ToxicSpec], on entry: ProxyRecord) throws(FaultlineError) {
        let config = try dnsConfig(entry, toxics: toxics)
        entry.toxics = toxics
        entry.dnsListener?.update(config)
    }

    /// Counters of a DNS proxy's listener; nil when there is no such proxy or it is not listening.
    public func dnsStats(proxy: String) -> DNSListenerStats? {
        records[proxy]?.dnsListener?.currentStats
    }
}
