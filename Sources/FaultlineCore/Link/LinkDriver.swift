/// Runs a `Link` on a `Scheduler`: feeds it, keeps one timer armed at its next wake-up, and hands its
/// output to a sink.
///
/// The same driver runs on `EpollLoop` in production and on `TestLoop` in tests. After every call exactly one
/// timer is armed at `link.nextWake` (none when nil), cancelled and re-armed only when that time changes, so
/// a stream of chunks behind one pending release costs no timer work. The sink may call back into the driver
/// (to feed it, edit it or stop it); such calls append to the same output, which is delivered in order.
public final class LinkDriver {
    public private(set) var link: Link
    private let scheduler: any Scheduler
    private let sink: (ToxicAction) -> Void
    /// Reused for every call: the hot path allocates nothing once it has grown.
    private var output: [ToxicAction] = []
    private var delivering = false
    private var armed: (deadline: Instant, id: TimerID)?
    private var stopped = false
    /// Runs once a batch of output has been fully delivered (not between actions): the owner's chance to
    /// read more, after the bytes in flight have landed where its budget can see them.
    private let delivered: () -> Void

    public init(
        link: Link = Link(), scheduler: any Scheduler, sink: @escaping (ToxicAction) -> Void,
        delivered: @escaping () -> Void = {}
    ) {
        self.link = link
        self.scheduler = scheduler
        self.sink = sink
        self.delivered = delivered
        settle()
    }

    deinit {
        if let armed { scheduler.cancel(armed.id) }
    }

    /// Feeds one event read from the source socket.
    public func receive(_ event: StreamEvent) {
        guard !stopped else { return }
        link.receive(event, now: scheduler.now, into: &output)
        settle()
    }

    /// Lets a chunk of `count` bytes skip the link when every toxic would pass it at once and unchanged, and
    /// nothing is being delivered (order): returns true when it did, and the caller then writes (or splices)
    /// the bytes itself. `receive` is the way otherwise.
    public func passThrough(_ count: Int) -> Bool {
        let now = scheduler.now
        guard !stopped, !delivering, output.isEmpty, link.canPass(count, now: now) else { return false }
        link.pass(count, now: now)
        return true
    }

    /// Whether `passThrough(count)` would take a chunk now (the splice path asks before moving bytes).
    public func canPass(_ count: Int) -> Bool {
        !stopped && !delivering && output.isEmpty && link.canPass(count, now: scheduler.now)
    }

    /// Adds a toxic at the end of the chain; returns whether its toxicity roll applied it.
    @discardableResult
    public func append(_ spec: ToxicSpec, rng: inout SplitMix64) -> Bool {
        let applied = link.append(spec, now: scheduler.now, rng: &rng, into: &output)
        settle()
        return applied
    }

    /// Adds a toxic rolled earlier (see `Link.append(_:roll:now:)`).
    public func append(_ spec: ToxicSpec, roll: Link.Roll) {
        link.append(spec, roll: roll, now: scheduler.now)
        settle()
    }

    /// Changes a toxic's settings; returns whether it applies now, nil when there is no such toxic.
    @discardableResult
    public func update(name: String, to spec: ToxicSpec, rng: inout SplitMix64) -> Bool? {
        let applied = link.update(name: name, to: spec, now: scheduler.now, rng: &rng, into: &output)
        settle()
        return applied
    }

    /// Removes a toxic, passing what it held down the chain; returns false when there is no such toxic.
    @discardableResult
    public func remove(name: String) -> Bool {
        let removed = link.remove(name: name, now: scheduler.now, into: &output)
        settle()
        return removed
    }

    /// Cancels the timer for good and delivers nothing more (the connection is gone); later input is ignored.
    public func stop() {
        stopped = true
        output.removeAll()
        rearm()
    }

    public var isStopped: Bool { stopped }
    public var isEmpty: Bool { link.isEmpty }
    /// Whether the toxic called `name` applies on this link (its roll came up); nil when there is none.
    public func applies(_ name: String) -> Bool? { link.entries.first { $0.name == name }?.applied }
    public var heldBytes: Int { link.heldBytes }
    public var wantsInput: Bool { link.wantsInput }
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
        // A re-entrant call has appended to `output`; the outer loop below delivers it in order.
        guard !delivering else { return }
        delivering = true
        var index = 0
        while index < output.count, !stopped {
            let action = output[index]
            index += 1
            sink(action)
        }
        let any = index > 0
        output.removeAll(keepingCapacity: true)
        delivering = false
        if any && !stopped { delivered() }
    }

    private func rearm() {
        let wanted = stopped ? nil : link.nextWake
        guard wanted != armed?.deadline else { return }
        if let armed { scheduler.cancel(armed.id) }
        armed = nil
        guard let wanted else { return }
        // Unowned: deinit cancels the armed timer, so it never runs after the driver is gone. A weak capture
        // gave every driver a side table, and every retain of it took the runtime's slow path.
        let id = scheduler.schedule(at: wanted) { [unowned self] in self.fire() }
        armed = (wanted, id)
    }
}
