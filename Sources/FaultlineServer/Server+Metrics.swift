/// /metrics on the real server: every loop's counters summed per proxy and toxic, the loops, the process.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTPFaults
import FaultlinePosix

extension Server {
    public func metrics() -> MetricsSnapshot? {
        guard config.proxyMetrics || config.runtimeMetrics else { return nil }
        let all = shardStats(proxy: nil)
        let udp = udpCounters(proxy: nil)
        let proxies = listProxies().map { snapshot -> MetricsSnapshot.Proxy in
            if snapshot.kind == .udp { return Self.udpMetrics(snapshot, udp[snapshot.name] ?? UDPProxyCounters()) }
            let counters = all[snapshot.name] ?? ShardStats()
            var proxy = MetricsSnapshot.Proxy(
                name: snapshot.name, listener: snapshot.listen, upstream: snapshot.upstream,
                received: [.upstream: counters.received.upstream, .downstream: counters.received.downstream],
                sent: [.upstream: counters.sent.upstream, .downstream: counters.sent.downstream],
                activeConnections: counters.activeConnections, toxicApplied: counters.toxicApplied,
                toxics: counters.toxics.mapValues { series in
                    MetricsSnapshot.Toxic(
                        connections: series.connections, heldBytes: series.heldBytes,
                        delayedEvents: series.delayedEvents, droppedBytes: series.droppedBytes)
                })
            proxy.http = Self.httpFigures(counters.http)
            if snapshot.tls != nil {
                let tls = counters.tls
                proxy.tls = MetricsSnapshot.TLS(
                    handshakes: ["client": tls.handshakes.client, "upstream": tls.handshakes.upstream],
                    failures: ["client": tls.failures.client, "upstream": tls.failures.upstream])
            }
            return proxy
        }
        guard config.runtimeMetrics else { return MetricsSnapshot(proxyMetrics: true, runtimeMetrics: false, proxies: proxies) }
        return MetricsSnapshot(
            proxyMetrics: config.proxyMetrics, runtimeMetrics: true, proxies: proxies, process: Self.processFigures(),
            loops: loopFigures())
    }

    /// A UDP proxy's figures: Toxiproxy's byte counters (payload bytes), its sessions, and every UDP counter.
    private static func udpMetrics(_ snapshot: ProxySnapshot, _ counters: UDPProxyCounters) -> MetricsSnapshot.Proxy {
        let flows = counters.flows
        return MetricsSnapshot.Proxy(
            name: snapshot.name, listener: snapshot.listen, upstream: snapshot.upstream,
            received: [.upstream: flows.upstream.bytesReceived, .downstream: flows.downstream.bytesReceived],
            sent: [.upstream: flows.upstream.bytesSent, .downstream: flows.downstream.bytesSent],
            activeConnections: counters.sessionsActive, udp: counters)
    }

    /// The engines' counters in the snapshot's terms (Core knows nothing of the engine).
    private static func httpFigures(_ counters: HTTPFaultCounters) -> MetricsSnapshot.HTTP {
        var figures = MetricsSnapshot.HTTP(requests: counters.requests, responses: counters.responses)
        for (key, count) in counters.faults { figures.faults[.init(toxic: key.toxic, type: key.type)] = count }
        for (reason, count) in counters.passthrough { figures.passthrough[reason.rawValue] = count }
        return figures
    }

    private static func processFigures() -> MetricsSnapshot.Process {
        let stats = ProcessStats.read()
        var process = MetricsSnapshot.Process()
        process.cpuSeconds = stats.cpuSeconds
        process.openDescriptors = stats.openDescriptors
        process.maxDescriptors = Double(stats.maxDescriptors)
        process.residentBytes = Double(stats.residentBytes)
        process.virtualBytes = Double(stats.virtualBytes)
        process.virtualMaxBytes = Double(stats.virtualMaxBytes)
        process.startTimeSeconds = stats.startTimeSeconds
        return process
    }

    /// The control loop and every data loop; the busy ratio covers the time since the previous scrape.
    private func loopFigures() -> [MetricsSnapshot.Loop] {
        var figures = [
            ("control", LoopStats(
                sleptNanoseconds: loop.sleptNanoseconds,
                aliveNanoseconds: UInt64((MonotonicClock.now() - loop.createdAt).nanosecondsClamped),
                pendingTimers: loop.pendingTimers, connections: 0))
        ]
        for (index, reply) in broadcast(.loopStats).enumerated() {
            if case .loop(let stats) = reply { figures.append(("\(index)", stats)) }
        }
        return figures.map { name, stats in
            let busy = stats.aliveNanoseconds &- min(stats.aliveNanoseconds, stats.sleptNanoseconds)
            let previous = loopSamples[name] ?? (alive: 0, busy: 0)
            loopSamples[name] = (stats.aliveNanoseconds, busy)
            let span = stats.aliveNanoseconds &- previous.alive
            let ratio = span > 0 ? Double(busy &- min(busy, previous.busy)) / Double(span) : 0
            return MetricsSnapshot.Loop(
                name: name, busySeconds: Double(busy) / 1e9, busyRatio: min(1, ratio),
                pendingTimers: stats.pendingTimers, connections: stats.connections)
        }
    }
}
