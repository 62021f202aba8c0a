/// The reactor: one epoll instance, descriptors registered with a generation, one absolute timerfd.
import CFaultlineLinux
import FaultlineCore
import Glibc

/// Something the loop calls back when a registered descriptor is ready.
public protocol EventHandler: AnyObject {
    /// `events` may include `.hangup`/`.error`, which should be handled before writes, and writes before reads.
    func handle(_ events: Interest, registration: Registration)
}

/// A live registration: the descriptor plus a generation, so events for a reused descriptor number that
/// were queued for its previous owner are recognised as stale and dropped.
public struct Registration: Hashable, Sendable {
    public let fd: CInt
    public let generation: UInt32

    var userData: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }

    init(fd: CInt, generation: UInt32) {
        self.fd = fd
        self.generation = generation
    }

    init(userData: UInt64) {
        fd = CInt(bitPattern: UInt32(truncatingIfNeeded: userData))
        generation = UInt32(truncatingIfNeeded: userData >> 32)
    }
}

public final class EpollLoop: Scheduler {
    struct Slot {
        var generation: UInt32
        var interest: Interest
        var handler: any EventHandler
        /// Dispatched before every other event of a tick (mailboxes, signals): messages from other threads must
        /// not wait behind a tick's worth of data.
        var priority: Bool
    }

    /// epoll_data of the timerfd; generation 0 is never handed out.
    private static let timerToken: UInt64 = 0xFFFF_FFFF

    private let epoll: FileDescriptor
    private let timerFD: FileDescriptor
    private var slots: [Slot?] = []
    private var nextGeneration: UInt32 = 1
    private var timers = TimerQueue<() -> Void>()
    private var armedDeadline: Instant?
    private var events: UnsafeMutableBufferPointer<epoll_event>
    /// Events reported by epoll but not dispatched yet because a tick ran out of `tickBudget`; they go first
    /// next tick. Edge-triggered descriptors report an edge once, so these must never be dropped.
    private var backlog: [(registration: Registration, events: Interest)] = []
    private var running = false
    public private(set) var now: Instant
    /// After a tick that had work, keep polling without sleeping for this long: a sleeping loop costs a
    /// wake-up (an IPI, dear on a VM) per hop, which doubles the added latency of a proxy. Zero disables it.
    public var busyPollWindow: Duration = .zero
    private var lastBusy = Instant.zero
    /// Wake this long before a timer is due and poll the rest of the way: a sleeping thread on this kind of VM
    /// wakes 200–300 µs late (measured), which would show up directly in every latency toxic's accuracy.
    /// Polling costs at most this much CPU per wake-up. Zero disables it.
    public var timerLead: Duration = .microseconds(500)
    /// Time spent this window polling for a timer that was not due yet, found nothing to do. With thousands of
    /// timers (a latency toxic on every connection) one is always within the lead, and the loop polled
    /// without end, taking the CPU the peers on the same cores needed (measured: a whole core for 2,000
    /// connections at 10 KB/s). Past a quarter of the window it sleeps until the timer instead.
    private var leadSpin = Duration.zero
    private var leadWindowStart = Instant.zero
    private static let leadWindow: Duration = .milliseconds(20)
    private static let leadSpinLimit: Duration = .milliseconds(5)
    /// How long one tick may dispatch events, and then run timers, before it stops and leaves the rest to the next
    /// tick (which then does not sleep). It bounds how long a loop takes to see its mailbox however much data is
    /// flowing. Zero means unbounded.
    public var tickBudget: Duration = .zero
    /// Runs after each tick's I/O dispatch and again after its timers: the owner's chance to do deferred work,
    /// such as closing sockets once every ready connection has been served.
    public var afterDispatch: (() -> Void)?
    /// Number of registered descriptors, for tests and stats.
    public private(set) var registrationCount = 0
    /// Time spent asleep in epoll_wait, and when the loop was made: the rest was work (or polling), for /metrics.
    public private(set) var sleptNanoseconds: UInt64 = 0
    public let createdAt: Instant

    /// Timers waiting to run, for /metrics.
    public var pendingTimers: Int { timers.count }

    public init(maxEventsPerTick: Int = 512) throws(Errno) {
        epoll = try Epoll.create()
        timerFD = try TimerFD.create()
        events = .allocate(capacity: max(1, maxEventsPerTick))
        now = MonotonicClock.now()
        createdAt = now
        try Epoll.add(epoll.rawValue, timerFD.rawValue, .readable, data: Self.timerToken)
    }

    deinit { events.deallocate() }

    // MARK: Registrations

    /// Registers `fd`; `priority` handlers run before every other handler in a tick (see `Slot.priority`).
    public func register(_ fd: CInt, _ interest: Interest, _ handler: any EventHandler, priority: Bool = false)
        throws(Errno) -> Registration
    {
        let registration = Registration(fd: fd, generation: nextGeneration)
        nextGeneration = nextGeneration == UInt32.max - 1 ? 1 : nextGeneration + 1
        try Epoll.add(epoll.rawValue, fd, interest, data: registration.userData)
        let index = Int(fd)
        if index >= slots.count { slots.append(contentsOf: repeatElement(nil, count: index + 1 - slots.count + 64)) }
        slots[index] = Slot(
            generation: registration.generation, interest: interest, handler: handler, priority: priority)
        registrationCount += 1
        return registration
    }

    /// Changes interest; does nothing (no syscall) when it is unchanged, so callers may derive and apply freely.
    /// Not for `.exclusive` registrations, which the kernel refuses to modify.
    public func update(_ registration: Registration, interest: Interest) throws(Errno) {
        let index = Int(registration.fd)
        guard index < slots.count, var slot = slots[index], slot.generation == registration.generation,
            slot.interest != interest
        else { return }
        try Epoll.modify(epoll.rawValue, registration.fd, interest, data: registration.userData)
        slot.interest = interest
        slots[index] = slot
    }

    /// Forgets a registration; call it before closing the descriptor. `closing: true` skips the epoll_ctl
    /// call, since closing the only descriptor of an open file removes it from epoll anyway.
    public func deregister(_ registration: Registration, closing: Bool = false) {
        let index = Int(registration.fd)
        guard index < slots.count, let slot = slots[index], slot.generation == registration.generation else { return }
        if !closing { Epoll.remove(epoll.rawValue, registration.fd) }
        slots[index] = nil
        registrationCount -= 1
    }

    public func interest(of registration: Registration) -> Interest? {
        let index = Int(registration.fd)
        guard index < slots.count, let slot = slots[index], slot.generation == registration.generation else { return nil }
        return slot.interest
    }

    // MARK: Scheduler

    public func schedule(at deadline: Instant, _ action: @escaping () -> Void) -> TimerID {
        timers.schedule(at: deadline, action)
    }

    public func cancel(_ id: TimerID) {
        timers.cancel(id)
    }

    // MARK: Running

    /// Runs ticks until `stop()` is called from a handler, timer or message on this loop.
    public func run() throws(Errno) {
        running = true
        while running { try tick() }
    }

    public func stop() { running = false }

    /// One turn: arm the timer, wait, read the clock, dispatch I/O (priority handlers first, then what an earlier
    /// tick left over, then the rest), run due timers.
    public func tick(blocking: Bool = true) throws(Errno) {
        var timeout: CInt = blocking && backlog.isEmpty ? -1 : 0
        let before = MonotonicClock.now()
        if timeout != 0, busyPollWindow > .zero, before - lastBusy < busyPollWindow { timeout = 0 }
        var leading = false
        if let earliest = timers.earliest {
            if before - leadWindowStart > Self.leadWindow {
                leadWindowStart = before
                leadSpin = .zero
            }
            let lead = leadSpin < Self.leadSpinLimit ? timerLead : .zero
            let wake = earliest - lead
            if wake <= before {
                timeout = 0  // due, or close enough that polling beats sleeping
                leading = earliest > before
            } else if armedDeadline.map({ wake < $0 }) ?? true {
                try TimerFD.arm(timerFD.rawValue, at: wake)
                armedDeadline = wake
            }
        }
        let sleepStart = timeout != 0 ? MonotonicClock.now() : nil
        let count = try Epoll.wait(epoll.rawValue, events, timeoutMilliseconds: timeout)
        now = MonotonicClock.now()
        if let sleepStart { sleptNanoseconds &+= UInt64((now - sleepStart).nanosecondsClamped) }
        if count > 0 { lastBusy = now }
        let deadline = tickBudget > .zero ? now + tickBudget : nil
        var ordinary = 0
        for i in 0..<count {
            let event = events[i]
            if event.data.u64 == Self.timerToken {
                TimerFD.drain(timerFD.rawValue)
                armedDeadline = nil
                continue
            }
            let registration = Registration(userData: event.data.u64)
            if let slot = slot(of: registration), slot.priority {
                slot.handler.handle(Interest(rawValue: event.events), registration: registration)
            } else {
                events[ordinary] = event  // compacted in place: ordinary events keep their order
                ordinary += 1
            }
        }
        dispatchOrdinary(ordinary, until: deadline)
        afterDispatch?()
        let ran = runDueTimers(until: deadline)
        afterDispatch?()
        if leading && count == 0 && ran == 0 { leadSpin += MonotonicClock.now() - before }
    }

    /// The backlog first (oldest), then this tick's ordinary events; whatever the deadline cuts off is kept.
    private func dispatchOrdinary(_ count: Int, until deadline: Instant?) {
        var done = 0
        if !backlog.isEmpty {
            let waiting = backlog
            backlog.removeAll(keepingCapacity: true)
            for (index, entry) in waiting.enumerated() {
                if let deadline, index > 0, MonotonicClock.now() >= deadline {
                    backlog.append(contentsOf: waiting[index...])
                    break
                }
                slot(of: entry.registration)?.handler.handle(entry.events, registration: entry.registration)
                done += 1
            }
        }
        for i in 0..<count {
            let registration = Registration(userData: events[i].data.u64)
            let interest = Interest(rawValue: events[i].events)
            if !backlog.isEmpty || (deadline.map { done > 0 && MonotonicClock.now() >= $0 } ?? false) {
                backlog.append((registration, interest))
                continue
            }
            slot(of: registration)?.handler.handle(interest, registration: registration)
            done += 1
        }
    }

    /// The live slot of a registration; nil when it is stale (deregistered, maybe reused, earlier on).
    private func slot(of registration: Registration) -> Slot? {
        let index = Int(registration.fd)
        guard index < slots.count, let slot = slots[index], slot.generation == registration.generation else { return nil }
        return slot
    }

    /// Runs timers due at `now`, including ones scheduled for `now` by timers in this pass, but bounded (in
    /// count, and by the tick's deadline) so a timer that keeps rescheduling itself cannot starve I/O. Timers
    /// left due make the next tick poll instead of sleeping.
    /// Returns how many ran.
    @discardableResult
    private func runDueTimers(until deadline: Instant?) -> Int {
        var ran = 0
        let budget = max(1024, timers.count)
        while ran < budget, let (_, action) = timers.popDue(now: now) {
            action()
            ran += 1
            if let deadline, MonotonicClock.now() >= deadline { break }
        }
        return ran
    }
}
