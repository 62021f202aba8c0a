/// The toxic side of a connection: one `LinkDriver` per direction that has toxics, edited live from the table.
import FaultlineCore

extension Connection {
    func hasToxics(_ direction: Direction) -> Bool { pumps[direction].link != nil }
    func heldByToxics(_ direction: Direction) -> Int { pumps[direction].link?.heldBytes ?? 0 }
    func toxicsWantInput(_ direction: Direction) -> Bool { pumps[direction].link?.wantsInput ?? true }

    /// At establishment: the proxy's toxics, in insertion order, each rolled for this connection.
    func installToxics() {
        for toxic in proxy.toxics { addToxic(toxic) }
    }

    /// The connection is going away: cancel timers, deliver nothing more.
    func stopToxics() {
        pumps.upstream.link?.stop()
        pumps.downstream.link?.stop()
    }

    func receiveThroughToxics(_ event: StreamEvent, _ direction: Direction) {
        pumps[direction].link?.receive(event)
    }

    // MARK: Live edits (toxics added while dialling are picked up by `installToxics`)

    func addToxic(_ toxic: ToxicSpec) {
        guard phase == .open, toxic.kind.actsOnStream else { return }
        let direction = toxic.stream
        if pumps[direction].link == nil { unsplice(direction) }
        let driver = pumps[direction].link ?? makeDriver(direction)
        pumps[direction].link = driver
        var rng = pumps[direction].rng
        let applied = driver.append(toxic, rng: &rng)
        pumps[direction].rng = rng
        if applied { proxy.counters.toxicApplied[toxic.name, default: 0] &+= 1 }
        settle(direction)
    }

    func updateToxic(_ toxic: ToxicSpec) {
        guard phase == .open, toxic.kind.actsOnStream, let driver = pumps[toxic.stream].link else { return }
        var rng = pumps[toxic.stream].rng
        let wasApplied = driver.link.entries.first { $0.name == toxic.name }?.applied ?? false
        let applied = driver.update(name: toxic.name, to: toxic, rng: &rng)
        pumps[toxic.stream].rng = rng
        if applied == true && !wasApplied { proxy.counters.toxicApplied[toxic.name, default: 0] &+= 1 }
        settle(toxic.stream)
    }

    func removeToxic(_ toxic: ToxicSpec) {
        guard phase == .open, toxic.kind.actsOnStream, let driver = pumps[toxic.stream].link else { return }
        driver.remove(name: toxic.name)
        guard phase == .open else { return }  // removing a timeout closes the connection
        if driver.link.isEmpty && driver.heldBytes == 0 {
            // Back to the fast path: nothing is held, so nothing can be reordered.
            driver.stop()
            pumps[toxic.stream].link = nil
        }
        settle(toxic.stream)
    }

    private func makeDriver(_ direction: Direction) -> LinkDriver {
        LinkDriver(
            scheduler: context.loop,
            sink: { [weak self] action in self?.output(action, direction) },
            // Account only once a whole batch has landed in the queue: bytes still in the driver's hands are
            // invisible to the budget, and counting halfway would let other connections read into them.
            delivered: { [weak self] in
                guard let self, self.phase == .open else { return }
                self.account(direction)
                self.settle()
            })
    }

    private func settle(_ direction: Direction) {
        guard phase == .open else { return }
        account(direction)
        settle()
    }
}
