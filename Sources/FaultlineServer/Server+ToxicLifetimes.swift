/// Toxics' lifetimes on the control loop: creation instants, `ttl` expiry timers, `--max-toxic-ttl`.
import FaultlineCore

/// A toxic stored with a `ttl` gets one control-loop timer at its expiry, which removes it through the same path as
/// `DELETE /proxies/x/toxics/y` (announced to every loop, held bytes flushed, a timeout closing its connections).
/// The timer checks, when it fires, that the proxy and the toxic it was armed for are still the ones stored (the
/// same record, the same expiry), so a toxic removed, renewed, or replaced by a reload is never removed by an old
/// timer; explicit removals and renewals also cancel it.
extension Server {
    /// The toxic as it is stored now (`ToxicOptions.stamped(at:)`). With `--max-toxic-ttl`, a toxic from the admin
    /// API (`checked`) must carry a ttl within it.
    func stamped(_ toxic: ToxicSpec, now: Instant, checked: Bool) throws(FaultlineError) -> ToxicSpec {
        if checked { try checkTTL(toxic.options) }
        var stored = toxic
        stored.options = toxic.options.stamped(at: now)
        return stored
    }

    /// `--max-toxic-ttl`: a ttl is required and capped.
    func checkTTL(_ options: ToxicOptions) throws(FaultlineError) {
        try options.checkTTL(limit: config.maxToxicTTL)
    }

    /// An update's options over the stored ones (`ToxicOptions.updated(with:at:)`); a new countdown is checked
    /// against `--max-toxic-ttl`.
    func updatedOptions(_ stored: ToxicOptions, with given: ToxicOptions, now: Instant) throws(FaultlineError)
        -> ToxicOptions
    {
        if given.startsCountdown { try checkTTL(given) }
        return stored.updated(with: given, at: now)
    }

    /// Arms the expiry timer of every toxic of `record` that has one (a record just stored).
    func armExpiries(_ record: ProxyRecord) {
        for toxic in record.toxics { armExpiry(toxic, on: record) }
    }

    /// Arms (or re-arms) the expiry timer of `toxic` on `record`; cancels the old one.
    func armExpiry(_ toxic: ToxicSpec, on record: ProxyRecord) {
        disarmExpiry(named: toxic.name, on: record)
        guard let deadline = toxic.options.expiresAt else { return }
        let name = toxic.name
        record.expiryTimers[name] = loop.schedule(at: deadline) { [weak self, weak record] in
            guard let self, let record else { return }
            record.expiryTimers[name] = nil
            self.expire(name, on: record, deadline: deadline)
        }
    }

    func disarmExpiry(named name: String, on record: ProxyRecord) {
        if let timer = record.expiryTimers.removeValue(forKey: name) { loop.cancel(timer) }
    }

    private func expire(_ name: String, on record: ProxyRecord, deadline: Instant) {
        guard records[record.name] === record,
            record.toxics.contains(where: { $0.name == name && $0.options.expiresAt == deadline })
        else { return }
        do throws(FaultlineError) {
            try removeToxic(named: name, from: record.name)
            logger.info("toxic expired", metadata: ["proxy": "\(record.name)", "toxic": "\(name)"])
        } catch {
            logger.warning(
                "expired toxic could not be removed", metadata: ["proxy": "\(record.name)", "toxic": "\(name)",
                                                                 "reason": "\(error)"])
        }
    }
}
