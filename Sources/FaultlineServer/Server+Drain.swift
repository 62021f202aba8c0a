/// SIGTERM with `--drain-timeout`: stop accepting, let live connections finish (up to the timeout), then exit.
import FaultlineAdmin
import FaultlineCore
import FaultlinePosix

extension Server {
    /// How often the drain counts the connections still open.
    static let drainPoll: Duration = .milliseconds(100)

    /// Closes every listener (TCP proxies and DNS listeners; connections stay), keeps the admin API answering
    /// (`/readyz` says 503, a rollback can still remove its toxics), and shuts down once the last connection has
    /// closed or the timeout passes. A second SIGINT or SIGTERM shuts down at once.
    func beginDrain(signal: String) {
        isDraining = true
        configWatcher = nil
        broadcast(.stopAccepting)
        for record in records.values {
            if record.kind == .dns {
                record.dnsListener?.close()
                record.dnsListener = nil
            } else {
                _ = record.listener.take()
            }
        }
        let deadline = loop.now + config.drainTimeout
        logger.info(
            "draining: listeners closed, waiting for live connections",
            metadata: ["signal": "\(signal)", "connections": "\(liveConnections)", "timeout": "\(config.drainTimeout)"])
        checkDrain(until: deadline)
    }

    /// Every data loop's open connections, over every proxy.
    var liveConnections: Int { shardStats(proxy: nil).values.reduce(0) { $0 + $1.activeConnections } }

    private func checkDrain(until deadline: Instant) {
        drainCheck = nil
        guard !isStopped else { return }
        let open = liveConnections
        if open == 0 || loop.now >= deadline {
            logger.info("drained, shutting down", metadata: ["connections_closed": "\(open)"])
            shutdown()
            return
        }
        drainCheck = loop.schedule(at: min(deadline, loop.now + Self.drainPoll)) { [unowned self] in
            self.checkDrain(until: deadline)
        }
    }

    /// What `/readyz` answers: not ready while draining, or when an enabled proxy has lost its listening socket.
    var readiness: Health.Readiness {
        let down = records.values.filter { record in
            guard record.enabled, !isDraining else { return false }
            return record.kind == .dns ? record.dnsListener == nil : record.listener == nil
        }
        return Health.Readiness(draining: isDraining, down: down.map(\.name).sorted(by: Self.byteOrder))
    }
}
