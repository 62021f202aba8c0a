/// Runs a `DatagramLink` on a `Scheduler` for one direction of a UDP session: one timer, output in batches.
///
/// The sibling of `LinkDriver`. A session feeds it what one `recvmmsg` returned (`receive(_:)` with the batch,
/// so the output of the whole batch reaches the sink in one call, ready for one `sendmmsg`); after every call
/// exactly one timer is armed at `link.nextWake`, re-armed only when that time changes. The sink gets each
/// batch of datagrams that leave at the scheduler's `now`, in order; it may call back into the driver (feed,
/// edit, stop), and what that produces is delivered after the current batch.
public final class DatagramLinkDriver {
    public private(set) var link: DatagramLink
    private let scheduler: any Scheduler
    private let sink: ([UDPDatagram]) -> Void
    /// Reused between calls: the steady state allocates nothing here.
    private var output: [UDPDatagram] = []
    private var delivering = false
    private var armed: (deadline: Instant, id: TimerID)?
    private var stopped = false

    public init(
        link: DatagramLink = DatagramLink(), scheduler: any Scheduler, sink: @escaping ([UDPDatagram]) -> Void
    ) {
        self.link = link
        self.scheduler = scheduler
        self.sink = sink
        rearm()
    }

    deinit {
        if let armed { scheduler.cancel(armed.id) }
    }

    /// Feeds one datagram read from the source socket.
    public func receive(_ datagram: consuming UDPDatagram) {
        guard !stopped else { return }
        link.receive(datagram, now: scheduler.now, into: &output)
        settle()
    }

    /// Feeds a batch read in one go; the output of all of it is delivered together.
    public func receive(_ datagrams: [UDPDatagram]) {
        guard !stopped else { return }
        let now = scheduler.now
        for datagram in datagrams { link.receive(datagram, now: now, into: &output) }
        settle()
    }

    /// Adds a toxic at the end of the chain; returns whether its toxicity roll applied it to this session.
    @discardableResult
    public func append(_ spec: DatagramToxicSpec, rng: inout SplitMix64) -> Bool {
        let applied = link.append(spec, now: scheduler.now, rng: &rng)
        settle()
        return applied
    }

    /// Changes a toxic's settings; returns whether it applies now, nil when there is no such toxic.
    @discardableResult
    public func update(name: String, to spec: DatagramToxicSpec, rng: inout SplitMix64) -> Bool? {
        let applied = link.update(name: name, to: spec, now: scheduler.now, rng: &rng, into: &output)
        settle()
        return applied
    }

    /// Removes a toxic, passing what it held down the chain; false when there is no such toxic.
    @discardableResult
    public func remove(name: String) -> Bool {
        let removed = link.remove(name: name, now: scheduler.now, into: &output)
        settle()
        return removed
    }

    /// Cancels the timer for good and delivers nothing more (the session expired); later input is ignored.
    public func stop() {
        stopped = true
        output.removeAll()
        rearm()
    }

    public var isStopped: Bool { stopped }
    public var heldBytes: Int { link.heldBytes }
    public var counters: DatagramCounters { link.counters }
    /// The deadline of the armed timer, if any.
    public var armedDeadline: Instant? { armed?.deadline }

    private func fire() {
        armed = nil
        guard !stopped else { return }
        link.wake(now: scheduler.now, into: &output)
        settle()
    }

    private func settle() {
        deliver()
        rearm()
    }

    private func deliver() {
        // A re-entrant call appends to `output`; the loop below delivers it as the next batch.
        guard !delivering else { return }
        delivering = true
        while !output.isEmpty, !stopped {
            var batch: [UDPDatagram] = []
            swap(&batch, &output)
            sink(batch)
            // Take the emptied buffer's capacity back unless a re-entrant call has refilled `output`.
            if output.isEmpty {
                batch.removeAll(keepingCapacity: true)
                output = batch
            }
        }
        delivering = false
    }

    private func rearm() {
        let wanted = stopped ? nil : link.nextWake
        guard wanted != armed?.deadline else { return }
        if let armed { scheduler.cancel(armed.id) }
        armed = nil
        guard let wanted else { return }
        // Unowned: deinit cancels the armed timer, so it never runs after the driver is gone.
        let id = scheduler.schedule(at: wanted) { [unowned self] in self.fire() }
        armed = (wanted, id)
    }
}
