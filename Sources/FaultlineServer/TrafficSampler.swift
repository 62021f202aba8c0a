/// The dashboard's traffic counters, read from every data loop without the control loop ever waiting for them.
import FaultlineAdmin
import FaultlineCore
import FaultlinePosix

/// While someone polls `/ui/state`, a round every `period` asks each data loop for its counters and sums the answers
/// as they come back (each through the control loop's mailbox); `/ui/state` returns the last complete sum at once.
/// So however many dashboards are open, the data loops answer at most 1 / `period` rounds a second, and the admin
/// API never stalls behind a busy data loop (a waited round trip, as `/metrics` makes, would). Nothing is kept per
/// viewer; with no poll for `idleAfter` the rounds stop.
final class TrafficSampler {
    static let period: Duration = .milliseconds(250)
    static let idleAfter: Duration = .seconds(5)
    /// A round still missing answers after this long is given up (a stopped loop), so sampling goes on.
    static let roundTimeout: Duration = .seconds(2)

    private(set) var latest: TrafficSample?
    private var lastViewed: Instant?
    private var timer: TimerID?
    private var round: Round?
    private var nextRound: UInt64 = 0

    private struct Round {
        var id: UInt64
        var waiting: Int
        var startedAt: Instant
        var totals: [String: ShardStats] = [:]
    }

    /// A dashboard asked: keep sampling for a while, and return the latest complete sample (nil before the first).
    func viewed(on server: Server) -> TrafficSample? {
        lastViewed = server.loop.now
        if timer == nil { tick(server) }
        return latest
    }

    private func tick(_ server: Server) {
        timer = nil
        let now = server.loop.now
        guard let lastViewed, now - lastViewed < Self.idleAfter else {
            latest = nil  // the next page to poll gets no figures rather than old ones
            return
        }
        if let round, now - round.startedAt < Self.roundTimeout {
            // The previous round is still being answered; this one is skipped.
        } else {
            start(server, at: now)
        }
        timer = server.loop.schedule(at: now + Self.period) { [weak self, unowned server] in self?.tick(server) }
    }

    private func start(_ server: Server, at now: Instant) {
        let id = nextRound
        nextRound &+= 1
        let workers = server.workers
        round = Round(id: id, waiting: workers.count, startedAt: now)
        if workers.isEmpty { return finish() }
        let mailbox = server.mailbox
        for worker in workers {
            let reply = worker.post(.stats(proxy: nil))
            // Runs on the data loop after the command above (its mailbox is in order), so the reply is there.
            worker.post {
                let stats = reply.wait()
                mailbox.post(.run { server in server.trafficSampler.received(stats, round: id) })
            }
        }
    }

    private func received(_ reply: ShardReply, round id: UInt64) {
        guard var current = round, current.id == id else { return }
        if case .stats(let perProxy) = reply {
            for (name, stats) in perProxy { current.totals[name, default: ShardStats()].add(stats) }
        }
        current.waiting -= 1
        round = current
        if current.waiting == 0 { finish() }
    }

    private func finish() {
        guard let round else { return }
        latest = TrafficSample(
            takenAtMilliseconds: round.startedAt.nanoseconds / 1_000_000,
            proxies: round.totals.mapValues { stats in
                ProxyTraffic(connections: stats.activeConnections, received: stats.received, sent: stats.sent)
            })
        self.round = nil
    }
}
