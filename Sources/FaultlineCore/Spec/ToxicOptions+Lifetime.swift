/// A toxic's lifetime as pure functions of the time: its creation stamp, its `ttl` expiry, renewals, what remains.
///
/// The server keeps one control-loop timer per expiring toxic; everything that timer and the API decide about the
/// instants lives here, so it is pinned on virtual time without a loop.
extension ToxicOptions {
    /// The options as stored at `now`: created now (unless already stamped), expiring `ttl` later (unless an
    /// expiry is already set), and no snapshot's `remaining`.
    public func stamped(at now: Instant) -> ToxicOptions {
        var stored = self
        stored.createdAt = createdAt ?? now
        stored.remaining = nil
        if let ttl, expiresAt == nil { stored.expiresAt = now + .milliseconds(ttl) }
        return stored
    }

    /// An update's options (`given`) over these stored ones at `now`: `clients` and `schedule` as given; a `ttl`
    /// given afresh (no expiry yet) starts a new countdown from `now`; otherwise the stored expiry stands. The
    /// creation instant (the schedule's phase) never moves.
    public func updated(with given: ToxicOptions, at now: Instant) -> ToxicOptions {
        var options = self
        options.clients = given.clients
        options.schedule = given.schedule
        options.remaining = nil
        if let ttl = given.ttl, given.expiresAt == nil {
            options.ttl = ttl
            options.expiresAt = now + .milliseconds(ttl)
        }
        return options
    }

    /// Whether an update carries a new countdown (the one case `--max-toxic-ttl` checks on an update).
    public var startsCountdown: Bool { ttl != nil && expiresAt == nil }

    /// The options as a snapshot at `now` shows them: `remaining` is what is left of the ttl in whole
    /// milliseconds, rounded up, never below 0. Without an expiry, unchanged.
    public func echoing(at now: Instant) -> ToxicOptions {
        guard let expiresAt else { return self }
        var shown = self
        let left = expiresAt > now ? (expiresAt - now).nanosecondsClamped : 0
        shown.remaining = (left + 999_999) / 1_000_000
        return shown
    }

    /// `--max-toxic-ttl` (`limit` milliseconds; nil: no limit): a ttl is required and capped.
    public func checkTTL(limit: Int64?) throws(FaultlineError) {
        guard let limit else { return }
        guard let ttl else {
            throw .invalidValue(
                field: "attributes.ttl", reason: "is required by this server (at most \(limit) milliseconds)")
        }
        guard ttl <= limit else {
            throw .invalidValue(field: "attributes.ttl", reason: "must be between 1 and \(limit) milliseconds")
        }
    }
}

extension ToxicSpec {
    /// The toxic as the API shows it at `now` (`ToxicOptions.echoing(at:)`).
    public func echoing(at now: Instant) -> ToxicSpec {
        var shown = self
        shown.options = options.echoing(at: now)
        return shown
    }
}
