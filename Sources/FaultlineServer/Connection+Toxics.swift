/// The toxic side of a connection: one `LinkDriver` per direction that has toxics, edited live from the table.
import FaultlineCore

extension Connection {
    func hasToxics(_ direction: Direction) -> Bool { pumps[direction].link != nil || !pumps[direction].deferred.isEmpty }
    /// What the toxics and the HTTP engine hold of this direction (the engine: delayed messages, split heads).
    func heldByToxics(_ direction: Direction) -> Int {
        (pumps[direction].link?.heldBytes ?? 0) + (http?.engine.heldBytes(direction) ?? 0)
    }

    func toxicsWantInput(_ direction: Direction) -> Bool {
        (pumps[direction].link?.wantsInput ?? true) && (http?.engine.wantsInput(direction) ?? true)
    }

    /// Whether bytes of this direction may skip its toxics: there are none, or every one would pass a whole
    /// pipe's worth at once and unchanged (the splice path asks before moving bytes it cannot see).
    func mayBypassToxics(_ direction: Direction) -> Bool {
        guard hasToxics(direction) else { return true }
        return materialize(direction)?.canPass(context.config.passthroughWindow) ?? true
    }

    /// At establishment: the proxy's toxics, in insertion order, each rolled for this connection, and the HTTP
    func installToxics() {
        for toxic in proxy.toxics where addToxic(toxic) { proxy.counters.toxicApplied[toxic.name, default: 0] &+= 1 }
        attachHTTP()
    }

    /// The connection is going away: cancel timers, deliver nothing more, keep what the toxics did for /metrics.
    func stopToxics() {
        for direction in Direction.both {
            guard let driver = pumps[direction].link else { continue }
            driver.stop()
            for entry in driver.link.entries { proxy.counters.retire(entry) }
        }
    }

    /// Adds this connection's toxics (built or still deferred) to the per-toxic figures.
    func toxicSeries(into series: inout [String: ToxicSeries]) {
        for direction in Direction.both {
            for entry in pumps[direction].link?.link.entries ?? [] {
                series[entry.name, default: ToxicSeries()].add(entry, live: true)
            }
            for deferred in pumps[direction].deferred where deferred.roll.applies {
                series[deferred.spec.name, default: ToxicSeries()].connections += 1
            }
        }
    }

    func receiveThroughToxics(_ event: StreamEvent, _ direction: Direction) {
        context.loop.refreshNow()  // stamped after the read that brought the bytes (see `refreshNow`)
        materialize(direction)?.receive(event)
    }

    /// Builds the deferred toxics (in order, with their earlier rolls) into the direction's driver.
    @discardableResult
    func materialize(_ direction: Direction) -> LinkDriver? {
        guard !pumps[direction].deferred.isEmpty else { return pumps[direction].link }
        let driver = pumps[direction].link ?? makeDriver(direction)
        pumps[direction].link = driver
        let deferred = pumps[direction].deferred
        pumps[direction].deferred.removeAll()
        for entry in deferred { driver.append(entry.spec, roll: entry.roll) }
        return driver
    }

    /// A toxic can wait for data only if it does nothing without data (timeout's idle timer runs regardless).
    private func canDefer(_ toxic: ToxicSpec, _ direction: Direction) -> Bool {
        if case .timeout = toxic.kind { return false }
        return pumps[direction].link == nil && pumps[direction].queue.isEmpty && pumps[direction].inPipe == 0
    }

    // MARK: Live edits (toxics added while dialling are picked up by `installToxics`)

    /// Returns whether the toxicity roll applied it to this connection.
    @discardableResult
    func addToxic(_ configured: ToxicSpec) -> Bool {
        guard phase == .open, configured.kind.actsOnStream else { return false }
        let toxic = configured.forClient(clientAddress)  // outside its `clients`: a roll that never applies
        let direction = toxic.stream
        if canDefer(toxic, direction) {
            let roll = Link.roll(toxic, using: &pumps[direction].rng)
            pumps[direction].deferred.append((toxic, roll))
            return roll.applies
        }
        materialize(direction)
        let driver = pumps[direction].link ?? makeDriver(direction)
        pumps[direction].link = driver
        var rng = pumps[direction].rng
        let applied = driver.append(toxic, rng: &rng)
        pumps[direction].rng = rng
        settle(direction)
        return applied
    }

    /// Returns whether the update newly applied the toxic to this connection (a re-roll that came up).
    @discardableResult
    func updateToxic(_ configured: ToxicSpec) -> Bool {
        guard phase == .open, configured.kind.actsOnStream, let driver = materialize(configured.stream) else {
            return false
        }
        let toxic = configured.forClient(clientAddress)
        var rng = pumps[toxic.stream].rng
        let wasApplied = driver.applies(toxic.name) ?? false
        let applied = driver.update(name: toxic.name, to: toxic, rng: &rng)
        pumps[toxic.stream].rng = rng
        settle(toxic.stream)
        return applied == true && !wasApplied
    }

    func removeToxic(_ toxic: ToxicSpec) {
        guard phase == .open, toxic.kind.actsOnStream else { return }
        if let index = pumps[toxic.stream].deferred.firstIndex(where: { $0.spec.name == toxic.name }) {
            pumps[toxic.stream].deferred.remove(at: index)  // never built, never saw data: nothing to flush
            return
        }
        guard let driver = pumps[toxic.stream].link else { return }
        if let entry = driver.link.entries.first(where: { $0.name == toxic.name }) { proxy.counters.retire(entry) }
        driver.remove(name: toxic.name)
        guard phase == .open else { return }  // removing a timeout closes the connection
        if driver.isEmpty && driver.heldBytes == 0 {
            // Back to the fast path: nothing is held, so nothing can be reordered.
            driver.stop()
            pumps[toxic.stream].link = nil
        }
        settle(toxic.stream)
    }

    private func makeDriver(_ direction: Direction) -> LinkDriver {
        LinkDriver(
            scheduler: context.loop,
            // Unowned: the connection owns the driver and stops it when closing (weak references cost a side
            // table per connection, which showed in toxic add/remove on 1,000 live connections).
            sink: { [unowned self] action in self.output(action, direction) },
            // Account only once a whole batch has landed in the queue: bytes still in the driver's hands are
            // invisible to the budget, and counting halfway would let other connections read into them.
            delivered: { [unowned self] in
                guard self.phase == .open else { return }
                self.account(direction)
                self.settle()
            })
    }

    /// After an edit: account at once, move data later. The edit arrives in a loop's mailbox and the admin API waits
    /// for it on every loop; pumping a busy connection here (up to a megabyte each way) made a toxic change on
    /// 100 loaded connections take 100 ms. The settle runs in this tick's timer phase, within the tick budget.
    private func settle(_ direction: Direction) {
        guard phase == .open else { return }
        account(direction)
        scheduleSettle()
    }
}
